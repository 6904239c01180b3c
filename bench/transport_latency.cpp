// The USB transport path under umockdev — NOT hardware (issue 6): a replayed device streams
// frames as fast as umockdev answers the usbfs ioctls, through libusb, the event thread, the
// frame decoder and the protocol device core, to where the consumer gets the block.
//
//   bench_transport_latency [--frames 5000] [--runs 5] [--transfer-bytes 512] [--in-flight 1]
//                           [--path next|daemon-pull|daemon-push]
//
// --in-flight 1 replays an ioctl script (umockdev serves one URB at a time); more than 1 uses
// the tests' usbfs emulation (tests/usb/emulated_usbfs.hpp, umockdev's custom ioctl handler).
// --path says where the block is taken:
//   next         SampleSource::next() on this thread (tools: `stridecue devices`, tests);
//   daemon-pull  the daemon's path before issue 18: a feeder thread takes the block from
//                next() and copies it into a slot of its lane (live/block_channel.hpp); a
//                thread standing for the engine thread wakes and pops it;
//   daemon-push  the daemon's path now: the event thread decodes the frame straight into a
//                claimed slot of the lane and commits it (PushSource); the engine's stand-in
//                wakes and pops it.
//
// Reports, per run and as the median of runs:
//   - frames/s through the whole path (first block taken to the last);
//   - added latency: host time from a bulk transfer's completion (the block's receipt_ns,
//     stamped in the completion callback) to the block being taken, median and p99 over
//     every block. Under a flood this includes any wait in the queues and rings; their depth
//     is what it is because nothing paces the replay.
// Re-executes itself under umockdev-wrapper when started without it.
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "bench_stats.hpp"
#include "live/block_channel.hpp"
#include "live/source_feeder.hpp"
#include "realtime/monotonic_clock.hpp"
#include "usb/emulated_usbfs.hpp"
#include "usb/ioctl_script.hpp"
#include "usb/umockdev_testbed.hpp"
#include "usb/usb_device_source.hpp"

using namespace stridecue;

namespace {

// A split-belt treadmill's 12 force channels as float32, 2 rows per frame: the daemon
// bench's 2 ms blocks at 1 kHz.
protocol::DeviceDescription treadmill() {
  protocol::DeviceDescription d;
  d.identity.kind = protocol::DeviceKind::force_plate;
  d.identity.streams = 1;
  d.identity.serial = "BENCH1";
  d.identity.model = "SC-TM12";
  d.identity.firmware = "1.0.0";
  protocol::StreamDescriptor s;
  s.name = "force";
  s.rate_hz = 1000;
  s.channels = 12;
  s.format = protocol::SampleFormat::float32;
  s.samples_per_frame = 2;
  d.streams.push_back(s);
  const Quantity quantities[] = {Quantity::force_x, Quantity::force_y, Quantity::force_z,
                                 Quantity::cop_x,   Quantity::cop_y,   Quantity::torque_z};
  d.channels.emplace_back();
  for (const Plate plate : {Plate::left, Plate::right}) {
    for (const Quantity q : quantities) {
      protocol::ChannelDescriptor c;
      c.name = fmt::format("{}_{}", to_string(plate), to_string(q));
      c.quantity = q;
      c.plate = plate;
      d.channels[0].push_back(c);
    }
  }
  return d;
}

std::vector<std::uint8_t> frame(std::uint32_t sequence) {
  protocol::FrameHeader h;
  h.kind = protocol::DeviceKind::force_plate;
  h.format = protocol::SampleFormat::float32;
  h.sequence = sequence;
  h.first_sample = std::uint64_t{sequence} * 2;
  h.channels = 12;
  h.samples = 2;
  std::vector<float> values(24);
  for (std::size_t i = 0; i < values.size(); ++i) {
    values[i] = static_cast<float>(sequence % 1000) + static_cast<float>(i);
  }
  return protocol::encode_frame(h, values);
}

enum class Path { next, daemon_pull, daemon_push };

// The USB source without its PushSource side, so that the feeder pulls it as it did every live
// device before issue 18.
class PulledOnly final : public SampleSource {
 public:
  explicit PulledOnly(SampleSource& inner) : inner_(inner) {}
  const SourceLayout& layout() const override { return inner_.layout(); }
  SourceStatus next(SampleBlock& block) override { return inner_.next(block); }
  const std::string& failure() const override { return inner_.failure(); }
  bool is_live() const override { return true; }
  std::vector<SourceEvent> take_events() override { return inner_.take_events(); }

 private:
  SampleSource& inner_;
};

// Out of next() on this thread: the out times, and each block's receipt time.
void take_by_next(SampleSource& source, std::uint32_t frames, std::vector<std::int64_t>& out_ns,
                  std::vector<std::int64_t>& receipt_ns) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (out_ns.size() < frames && std::chrono::steady_clock::now() < give_up) {
    SampleBlock block;
    const auto status = source.next(block);
    const std::int64_t out = monotonic_ns();
    if (status == SourceStatus::failed) break;
    if (status != SourceStatus::block) continue;
    out_ns.push_back(out);
    receipt_ns.push_back(block.receipt_ns);
  }
}

// Out of the lane, on a thread that sleeps on the channel's wake word as the engine thread
// does, and hands each slot straight back.
void take_from_lane(SampleSource& source, PushSource* pusher, BlockChannel& channel,
                    std::uint32_t frames, std::vector<std::int64_t>& out_ns,
                    std::vector<std::int64_t>& receipt_ns) {
  LaneMerge lanes(channel, source.layout());
  std::unique_ptr<SourceFeeder> feeder;
  std::atomic<bool> stop{false};
  std::thread engine([&] {
    std::uint16_t slot;
    while (out_ns.size() < frames && !stop.load()) {
      const std::uint32_t seen = channel.wake.value();
      while (lanes.pop(slot)) {
        out_ns.push_back(monotonic_ns());
        receipt_ns.push_back(channel.pool[slot].header.receipt_ns);
        channel.free.try_push(slot);
      }
      if (out_ns.size() >= frames || stop.load()) break;
      channel.wake.wait(seen);
    }
  });
  if (pusher != nullptr) {
    pusher->push_into(*channel.lanes.front());
  } else {
    // The feeder owns what it runs: a forwarding source it may destroy.
    feeder =
        std::make_unique<SourceFeeder>(std::make_unique<PulledOnly>(source), channel, 0.0, 0.0);
    feeder->start();
  }
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (channel.blocks_in.load() + channel.blocks_dropped.load() >= frames) break;
  }
  // The last blocks are popped by now or within moments; then the stand-in is told to stop.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  stop.store(true);
  channel.notify_engine();
  engine.join();
  if (feeder) feeder->stop();
  if (channel.blocks_dropped.load() > 0) {
    fmt::print(stderr, "{} blocks dropped: the lane was full\n", channel.blocks_dropped.load());
  }
}

struct Run {
  double frames_per_s = 0;
  double latency_p50_us = 0;
  double latency_p99_us = 0;
  double latency_max_us = 0;
  std::size_t blocks = 0;
};

Run run_once(std::uint32_t frames, std::size_t transfer_bytes, std::size_t in_flight, Path path) {
  test::UmockdevTestbed testbed;
  const test::FakeUsbDevice device{};
  testbed.add_device(device.description());
  std::unique_ptr<test::EmulatedUsbfs> usbfs;
  if (in_flight == 1) {
    test::IoctlScript script(transfer_bytes);
    script.exchange(treadmill(), 1000);
    for (std::uint32_t seq = 0; seq < frames; ++seq)
      script.bulk_in(frame(seq));
    script.bulk_status(-19);  // the end of the recording: nothing replays twice
    script.write(testbed.file("bench.ioctl"), device.devnode());
    testbed.load_ioctl(device.devnode(), testbed.file("bench.ioctl"));
  } else {
    std::vector<std::vector<std::uint8_t>> payloads;
    for (std::uint32_t seq = 0; seq < frames; ++seq)
      payloads.push_back(frame(seq));
    usbfs = std::make_unique<test::EmulatedUsbfs>(treadmill(), std::move(payloads));
    usbfs->attach(testbed.raw(), device.devnode());
  }

  usb::UsbSourceOptions options;
  options.selector = {0x1209, 0x5CE0, {}, {}};
  options.transfers_in_flight = in_flight;
  options.transfer_bytes = transfer_bytes;
  options.queue_blocks = frames + 16;  // measure the path, not drops
  // Before the source: a source that pushes writes into the channel until it is destroyed.
  auto channel = std::make_unique<BlockChannel>(1);
  usb::UsbDeviceSource source(options);
  if (!source.failure().empty()) {
    fmt::print(stderr, "{}\n", source.failure());
    std::exit(1);
  }
  std::vector<std::int64_t> out_ns, receipt_ns;
  out_ns.reserve(frames);
  receipt_ns.reserve(frames);
  if (path == Path::next) {
    take_by_next(source, frames, out_ns, receipt_ns);
  } else {
    take_from_lane(source, path == Path::daemon_push ? &source : nullptr, *channel, frames, out_ns,
                   receipt_ns);
  }
  std::vector<double> latencies_us;
  for (std::size_t i = 0; i < out_ns.size(); ++i)
    latencies_us.push_back(static_cast<double>(out_ns[i] - receipt_ns[i]) / 1000.0);
  const std::int64_t first_out = out_ns.empty() ? 0 : out_ns.front();
  const std::int64_t last_out = out_ns.empty() ? 0 : out_ns.back();
  Run run;
  run.blocks = latencies_us.size();
  if (run.blocks > 1) {
    run.frames_per_s =
        static_cast<double>(run.blocks - 1) / (static_cast<double>(last_out - first_out) * 1e-9);
  }
  run.latency_p50_us = bench::median(latencies_us);
  run.latency_p99_us = bench::percentile(latencies_us, 99.0);
  run.latency_max_us = bench::percentile(latencies_us, 100.0);
  return run;
}

}  // namespace

int main(int argc, char** argv) {
  if (std::getenv("STRIDECUE_BENCH_UNDER_UMOCKDEV") == nullptr) {
    setenv("STRIDECUE_BENCH_UNDER_UMOCKDEV", "1", 1);
    std::vector<char*> args{const_cast<char*>("umockdev-wrapper")};
    for (int i = 0; i < argc; ++i)
      args.push_back(argv[i]);
    args.push_back(nullptr);
    execvp("umockdev-wrapper", args.data());
    fmt::print(stderr, "cannot run umockdev-wrapper: {}\n", std::strerror(errno));
    return 1;
  }
  std::uint32_t frames = 5000;
  int runs = 5;
  std::size_t transfer_bytes = 512;
  std::size_t in_flight = 1;
  Path path = Path::next;
  std::string path_name = "next";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--frames") {
      frames = static_cast<std::uint32_t>(std::stoul(argv[i + 1]));
    } else if (flag == "--runs") {
      runs = std::stoi(argv[i + 1]);
    } else if (flag == "--transfer-bytes") {
      transfer_bytes = std::stoul(argv[i + 1]);
    } else if (flag == "--path") {
      path_name = argv[i + 1];
      if (path_name == "next") {
        path = Path::next;
      } else if (path_name == "daemon-pull") {
        path = Path::daemon_pull;
      } else if (path_name == "daemon-push") {
        path = Path::daemon_push;
      } else {
        fmt::print(stderr, "--path: next, daemon-pull or daemon-push, not {}\n", path_name);
        return 2;
      }
    } else if (flag == "--in-flight") {
      in_flight = std::max<std::size_t>(1, std::stoul(argv[i + 1]));
    } else {
      fmt::print(stderr, "unknown option {}\n", flag);
      return 2;
    }
  }
  fmt::print(
      "USB transport under umockdev (not hardware): {} frames of 12 ch x 2 rows float32 "
      "({} B) per run, {} transfer(s) in flight ({}), {} B transfers, taken by {}\n",
      frames, frame(0).size(), in_flight,
      in_flight == 1 ? "ioctl script replay" : "usbfs emulation", transfer_bytes, path_name);
  std::vector<double> rates, p50s, p99s;
  for (int r = 0; r < runs; ++r) {
    const auto run = run_once(frames, transfer_bytes, in_flight, path);
    fmt::print(
        "run {}: {} blocks, {:.0f} frames/s, completion -> taken p50 {:.1f} us, p99 "
        "{:.1f} us, max {:.1f} us\n",
        r + 1, run.blocks, run.frames_per_s, run.latency_p50_us, run.latency_p99_us,
        run.latency_max_us);
    rates.push_back(run.frames_per_s);
    p50s.push_back(run.latency_p50_us);
    p99s.push_back(run.latency_p99_us);
  }
  fmt::print(
      "median of {} runs: {:.0f} frames/s, completion -> taken p50 {:.1f} us, p99 {:.1f} us\n",
      runs, bench::median(rates), bench::median(p50s), bench::median(p99s));
  return 0;
}
