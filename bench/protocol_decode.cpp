// What decoding the stridecue device protocol costs on the host: frames per second and MB/s
// through FrameDecoder for a realistic force-plate frame (12 channels float32 × 2 rows, one
// frame per millisecond at 1 kHz) and an EMG frame (16 channels int24 × 20 rows, one frame
// per 10 ms at 2 kHz), fed in 512-byte pieces as USB bulk transfers deliver them; then the
// same through ProtocolDevice (decode, check, scale, queue, pop). Median and p99 over repeats.
#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <span>
#include <vector>

#include "bench_stats.hpp"
#include "protocol/frame_codec.hpp"
#include "protocol/protocol_device.hpp"

using namespace stridecue;
using namespace stridecue::protocol;

namespace {

constexpr std::size_t kFramesPerRun = 2000;
constexpr int kRuns = 200;
constexpr std::size_t kTransferBytes = 512;

struct Shape {
  const char* name;    // for the table
  const char* stream;  // the descriptor's stream name
  std::uint16_t channels;
  std::uint16_t samples;
  SampleFormat format;
  DeviceKind kind;
};

std::vector<std::uint8_t> make_stream(const Shape& s) {
  std::vector<std::uint8_t> bytes;
  std::vector<float> values(std::size_t{s.channels} * s.samples);
  std::uint32_t lcg = 12345;
  for (std::uint32_t k = 0; k < kFramesPerRun; ++k) {
    for (float& v : values) {
      lcg = lcg * 1664525u + 1013904223u;
      v = static_cast<float>(static_cast<std::int32_t>(lcg >> 9) - (1 << 22));
    }
    FrameHeader h;
    h.kind = s.kind;
    h.format = s.format;
    h.sequence = k;
    h.first_sample = std::uint64_t{k} * s.samples;
    h.channels = s.channels;
    h.samples = s.samples;
    append_frame(h, values, bytes);
  }
  return bytes;
}

DeviceDescription describe(const Shape& s) {
  DeviceDescription d;
  d.identity.kind = s.kind;
  d.identity.model = "bench";
  StreamDescriptor stream;
  stream.name = s.stream;
  stream.rate_hz = 1000.0f;
  stream.channels = s.channels;
  stream.format = s.format;
  stream.samples_per_frame = s.samples;
  d.streams = {stream};
  d.channels.resize(1);
  for (std::uint16_t c = 0; c < s.channels; ++c) {
    ChannelDescriptor ch;
    ch.name = fmt::format("ch{}", c);
    ch.quantity = Quantity::other;
    ch.scale = 1e-3f;
    d.channels[0].push_back(ch);
  }
  return d;
}

template <class Feed>
std::vector<double> time_runs(std::span<const std::uint8_t> bytes, Feed&& feed) {
  std::vector<double> seconds;
  for (int run = 0; run < kRuns; ++run) {
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t at = 0; at < bytes.size(); at += kTransferBytes) {
      feed(bytes.subspan(at, std::min(kTransferBytes, bytes.size() - at)));
    }
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return seconds;
}

void report(const char* what, const Shape& s, std::size_t bytes, std::vector<double> seconds) {
  const double median_s = bench::median(seconds);
  const double p99_s = bench::percentile(seconds, 99.0);
  const double frames = static_cast<double>(kFramesPerRun);
  fmt::print("| {} | {} | {} B | {:.2f} M | {:.2f} M | {:.0f} | {:.0f} | {:.0f} ns |\n", what,
             s.name, bytes / kFramesPerRun, frames / median_s * 1e-6, frames / p99_s * 1e-6,
             static_cast<double>(bytes) / median_s * 1e-6,
             static_cast<double>(bytes) / p99_s * 1e-6, median_s / frames * 1e9);
}

}  // namespace

int main() {
  const Shape shapes[] = {
      {"force 12 ch float32 × 2", "force", 12, 2, SampleFormat::float32, DeviceKind::force_plate},
      {"emg 16 ch int24 × 20", "emg", 16, 20, SampleFormat::int24, DeviceKind::emg},
  };
  fmt::print("{} frames per run, {} runs, {}-byte pieces; p99 is the slowest 1 % of runs\n\n",
             kFramesPerRun, kRuns, kTransferBytes);
  fmt::print(
      "| path | frame | size | frames/s median | frames/s p99 | MB/s median | MB/s p99 | "
      "per frame (median) |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n");
  for (const Shape& s : shapes) {
    const std::vector<std::uint8_t> bytes = make_stream(s);
    FrameDecoder decoder;
    std::size_t frames = 0;
    float sink = 0.0f;
    const auto seconds = time_runs(bytes, [&](std::span<const std::uint8_t> piece) {
      decoder.feed(piece, [&](const DecodedFrame& f) {
        ++frames;
        sink += f.values.back();
      });
    });
    if (frames != kFramesPerRun * kRuns || decoder.counters().crc_errors != 0) {
      fmt::print(stderr, "decoded {} frames, expected {}\n", frames, kFramesPerRun * kRuns);
      return 1;
    }
    report("FrameDecoder", s, bytes.size(), seconds);

    ProtocolDevice device(describe(s), "bench", 64);
    device.connected(0);
    std::size_t blocks = 0;
    std::int64_t receipt = 0;
    SampleBlock block;
    const auto device_seconds = time_runs(bytes, [&](std::span<const std::uint8_t> piece) {
      device.feed(piece, ++receipt);
      while (device.pop(block)) {
        ++blocks;
        sink += block.samples.back();
      }
    });
    if (blocks != kFramesPerRun * kRuns) {
      fmt::print(stderr, "popped {} blocks, expected {}\n", blocks, kFramesPerRun * kRuns);
      return 1;
    }
    report("ProtocolDevice", s, bytes.size(), device_seconds);
    if (sink == 12345.0f) fmt::print(" ");  // keeps the work from being optimised away
  }
  return 0;
}
