// The USB transport path under umockdev — NOT hardware (issue 6): a replayed device streams
// frames as fast as umockdev answers the usbfs ioctls, through libusb, the event thread, the
// frame decoder and the protocol device core, to SampleSource::next().
//
//   bench_transport_latency [--frames 5000] [--runs 5] [--transfer-bytes 512] [--in-flight 1]
//
// --in-flight 1 replays an ioctl script (umockdev serves one URB at a time); more than 1 uses
// the tests' usbfs emulation (tests/usb/emulated_usbfs.hpp, umockdev's custom ioctl handler).
//
// Reports, per run and as the median of runs:
//   - frames/s through the whole path (first block out of next() to the last);
//   - added latency: host time from a bulk transfer's completion (the block's receipt_ns,
//     stamped in the completion callback) to the block leaving next(), median and p99 over
//     every block. Under a flood this includes any wait in the queue between the event
//     thread and next(); the queue depth is what it is because nothing paces the replay.
// Re-executes itself under umockdev-wrapper when started without it.
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "bench_stats.hpp"
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

struct Run {
  double frames_per_s = 0;
  double latency_p50_us = 0;
  double latency_p99_us = 0;
  double latency_max_us = 0;
  std::size_t blocks = 0;
};

Run run_once(std::uint32_t frames, std::size_t transfer_bytes, std::size_t in_flight) {
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
  usb::UsbDeviceSource source(options);
  if (!source.failure().empty()) {
    fmt::print(stderr, "{}\n", source.failure());
    std::exit(1);
  }
  std::vector<double> latencies_us;
  latencies_us.reserve(frames);
  std::int64_t first_out = 0;
  std::int64_t last_out = 0;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (latencies_us.size() < frames && std::chrono::steady_clock::now() < give_up) {
    SampleBlock block;
    const auto status = source.next(block);
    const std::int64_t out = monotonic_ns();
    if (status == SourceStatus::failed) break;
    if (status != SourceStatus::block) continue;
    if (first_out == 0) first_out = out;
    last_out = out;
    latencies_us.push_back(static_cast<double>(out - block.receipt_ns) / 1000.0);
  }
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
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--frames") {
      frames = static_cast<std::uint32_t>(std::stoul(argv[i + 1]));
    } else if (flag == "--runs") {
      runs = std::stoi(argv[i + 1]);
    } else if (flag == "--transfer-bytes") {
      transfer_bytes = std::stoul(argv[i + 1]);
    } else if (flag == "--in-flight") {
      in_flight = std::max<std::size_t>(1, std::stoul(argv[i + 1]));
    } else {
      fmt::print(stderr, "unknown option {}\n", flag);
      return 2;
    }
  }
  fmt::print(
      "USB transport under umockdev (not hardware): {} frames of 12 ch x 2 rows float32 "
      "({} B) per run, {} transfer(s) in flight ({}), {} B transfers\n",
      frames, frame(0).size(), in_flight,
      in_flight == 1 ? "ioctl script replay" : "usbfs emulation", transfer_bytes);
  std::vector<double> rates, p50s, p99s;
  for (int r = 0; r < runs; ++r) {
    const auto run = run_once(frames, transfer_bytes, in_flight);
    fmt::print(
        "run {}: {} blocks, {:.0f} frames/s, completion -> next() p50 {:.1f} us, p99 "
        "{:.1f} us, max {:.1f} us\n",
        r + 1, run.blocks, run.frames_per_s, run.latency_p50_us, run.latency_p99_us,
        run.latency_max_us);
    rates.push_back(run.frames_per_s);
    p50s.push_back(run.latency_p50_us);
    p99s.push_back(run.latency_p99_us);
  }
  fmt::print(
      "median of {} runs: {:.0f} frames/s, completion -> next() p50 {:.1f} us, p99 {:.1f} us\n",
      runs, bench::median(rates), bench::median(p50s), bench::median(p99s));
  return 0;
}
