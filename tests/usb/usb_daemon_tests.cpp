// The daemon on a USB force plate that is unplugged mid-session and plugged back in: the
// simulated runner's forces travel as protocol frames through umockdev's replay of real usbfs
// traffic, libusb, the decoder and the device core into stridecued's engine; the gap is
// recorded in the session and the strides go on after it (DESIGN.md principle 4).
#include <catch2/catch.hpp>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "live/daemon.hpp"
#include "simulator/runner_simulator.hpp"
#include "store/session_store.hpp"
#include "support/run_program.hpp"
#include "usb/ioctl_script.hpp"
#include "usb/umockdev_testbed.hpp"
#include "usb/usb_device_source.hpp"

using namespace stridecue;
using namespace stridecue::test;
using Json = nlohmann::json;

namespace {

constexpr std::uint16_t kRows = 10;  // rows per frame: 10 ms at 1 kHz
constexpr std::size_t kTransferBytes = 1024;
constexpr double kFirstPart_s = 12.0;  // plugged in for this long, then pulled
constexpr auto kUnpluggedFor = std::chrono::milliseconds(400);

// The simulator's force stream as a device would send it.
struct RecordedPlate {
  protocol::DeviceDescription description;
  std::vector<float> rows;  // frame-major, description's channels
  std::size_t channels = 0;
};

RecordedPlate simulate_plate(const SimulatorConfig& sim) {
  RunnerSimulator simulator(sim);
  const StreamInfo& force = simulator.layout().streams[0];
  REQUIRE(force.name == "force");
  RecordedPlate r;
  r.channels = force.channels.size();
  auto& d = r.description;
  d.identity.kind = protocol::DeviceKind::force_plate;
  d.identity.serial = "0007";
  d.identity.model = "SIM-SPLIT";
  d.identity.firmware = "1.0.0";
  protocol::StreamDescriptor stream;
  stream.name = "force";
  stream.rate_hz = static_cast<float>(force.rate_hz);
  stream.channels = static_cast<std::uint16_t>(r.channels);
  stream.format = protocol::SampleFormat::float32;
  stream.samples_per_frame = kRows;
  d.streams.push_back(stream);
  d.channels.emplace_back();
  for (const ChannelInfo& c : force.channels) {
    protocol::ChannelDescriptor ch;
    ch.name = c.name;
    ch.quantity = c.quantity;
    ch.plate = c.plate;
    ch.unit = c.quantity == Quantity::cop_x || c.quantity == Quantity::cop_y ? "m" : "N";
    d.channels.back().push_back(ch);
  }
  SampleBlock block;
  while (simulator.next(block) == SourceStatus::block) {
    if (block.stream == 0) r.rows.insert(r.rows.end(), block.samples.begin(), block.samples.end());
  }
  return r;
}

// Frames of rows [first_row, end_row), numbered from the device's counter 0 (a device that
// was unplugged starts again from 0), then the transfer that reports the device gone.
IoctlScript plate_script(const RecordedPlate& plate, std::size_t first_row, std::size_t end_row) {
  IoctlScript script(kTransferBytes);
  script.exchange(plate.description, 1000);
  std::uint32_t seq = 0;
  for (std::size_t row = first_row; row + kRows <= end_row; row += kRows, ++seq) {
    protocol::FrameHeader h;
    h.kind = protocol::DeviceKind::force_plate;
    h.format = protocol::SampleFormat::float32;
    h.sequence = seq;
    h.first_sample = static_cast<std::uint64_t>(row - first_row);
    h.channels = static_cast<std::uint16_t>(plate.channels);
    h.samples = kRows;
    const auto begin = plate.rows.begin() + static_cast<std::ptrdiff_t>(row * plate.channels);
    script.bulk_in(protocol::encode_frame(
        h, std::span<const float>(&*begin, std::size_t{kRows} * plate.channels)));
  }
  script.bulk_status(-19);
  return script;
}

// Polls the daemon's status until `done` says so (a safety limit, not a speed requirement).
bool wait_status(Daemon& daemon, const std::function<bool(const Json&)>& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (done(daemon.status())) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace

TEST_CASE("the daemon on a USB plate: unplugged mid-session, back on hotplug, the gap stored") {
  UmockdevTestbed testbed;
  REQUIRE(UmockdevTestbed::in_mock_environment());
  TempDir dir("usb-daemon");

  DaemonConfig config;
  config.source.kind = "usb";
  config.source.simulator.duration_s = 30.0;
  add_known_runner(config.source.simulator, config.engine);
  const RecordedPlate plate = simulate_plate(config.source.simulator);
  const std::size_t split_row = static_cast<std::size_t>(kFirstPart_s * 1000.0);
  const std::size_t total_rows = plate.rows.size() / plate.channels;
  config.api.enabled = false;
  config.audio.enabled = false;
  config.store.path = (dir.path() / "sessions.db").string();

  const FakeUsbDevice first{};
  plug(testbed, first, plate_script(plate, 0, split_row), "first.ioctl");

  usb::UsbSourceOptions options;
  options.selector = {0x1209, 0x5CE0, {}, {}};
  options.transfers_in_flight = 1;  // umockdev's replay answers one URB at a time
  options.transfer_bytes = kTransferBytes;
  DaemonRun run;
  run.config = config;
  run.source = std::make_unique<usb::UsbDeviceSource>(options);
  Daemon daemon(std::move(run));
  int exit_code = -1;
  std::thread runner([&] { exit_code = daemon.run(); });
  // A failed REQUIRE must still stop the daemon and join its thread.
  struct StopAtExit {
    Daemon& daemon;
    std::thread& thread;
    ~StopAtExit() {
      daemon.request_stop();
      if (thread.joinable()) thread.join();
    }
  } stop_at_exit{daemon, runner};

  // The first part streams, then the device is gone.
  REQUIRE(wait_status(daemon, [](const Json& s) {
    return s.contains("source") && s["source"]["state"] == "lost";
  }));
  // The device's last blocks may still be on their way through the rings: wait until the
  // engine has all of them and the strides stop coming.
  std::uint64_t last_strides = 0, last_blocks = 0;
  REQUIRE(wait_status(daemon, [&](const Json& s) {
    const auto blocks = s["source"]["blocks_in"].get<std::uint64_t>();
    const auto strides = s["totals"]["strides"].get<std::uint64_t>();
    const bool quiet = blocks == last_blocks && strides == last_strides &&
                       s["engine"]["blocks"].get<std::uint64_t>() == blocks;
    last_blocks = blocks;
    last_strides = strides;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return quiet;
  }));
  const Json at_loss = daemon.status();
  CHECK(at_loss["source"]["kind"] == "usb");
  CHECK(at_loss["source"]["device"] == "usb 1-1 (SIM-SPLIT serial 0007)");
  const std::uint64_t strides_at_loss = at_loss["totals"]["strides"].get<std::uint64_t>();
  CHECK(strides_at_loss >= 10);

  testbed.uevent(first.syspath(), "remove");
  testbed.remove_device(first.syspath());
  std::this_thread::sleep_for(kUnpluggedFor);
  FakeUsbDevice again = first;
  again.devnum = 3;
  plug(testbed, again, plate_script(plate, split_row, total_rows), "again.ioctl");
  testbed.uevent(again.syspath(), "add");

  // It comes back, streams the rest, and is gone again at the end of its script.
  REQUIRE(wait_status(daemon, [&](const Json& s) {
    return s.contains("source") && s["source"]["state"] == "lost" &&
           s["totals"]["strides"].get<std::uint64_t>() >= strides_at_loss + 10;
  }));
  // The link's health in the status: one reconnect, every frame whole.
  const Json health = daemon.status()["source"]["health"];
  CHECK(health["reconnects"] == 1);
  CHECK(health["bad_frames"] == 0);
  CHECK(health["bytes_skipped"] == 0);
  CHECK(health["transfers"].get<std::uint64_t>() > 0);
  daemon.request_stop();
  runner.join();
  CHECK(exit_code == 0);

  SessionReader reader(config.store.path);
  const auto sessions = reader.list_sessions();
  REQUIRE(sessions.size() == 1);
  std::vector<Json> device_events;
  for (const StoredEvent& e : reader.events(sessions[0].id)) {
    if (e.kind == "device") device_events.push_back(Json::parse(e.json));
  }
  REQUIRE(device_events.size() == 4);
  CHECK(device_events[0]["event"] == "connected");
  CHECK(device_events[1]["event"] == "lost");
  CHECK(device_events[1]["detail"] == "LIBUSB_ERROR_NO_DEVICE");
  CHECK(device_events[2]["event"] == "resumed");
  const double gap_s = device_events[2]["gap_s"].get<double>();
  CHECK(gap_s >= std::chrono::duration<double>(kUnpluggedFor).count());
  CHECK(device_events[3]["event"] == "lost");

  // Strides on both sides of the gap, and none inside it: the session's timeline has the hole.
  const auto strides = reader.strides(sessions[0].id);
  std::size_t before = 0, after = 0, inside = 0;
  for (const auto& s : strides) {
    if (s.contact_s < kFirstPart_s) {
      ++before;
    } else if (s.contact_s >= kFirstPart_s + gap_s - 0.05) {
      ++after;
    } else {
      ++inside;
    }
  }
  CHECK(before >= 10);
  CHECK(after >= 10);
  CHECK(inside == 0);
  // Each side's strides keep their order across the gap, with no index repeated.
  for (std::size_t i = 1; i < strides.size(); ++i)
    CHECK(strides[i].index > strides[i - 1].index);
}
