// The serial source when its port goes away (a kernel hangup on a real pty) and comes back
// at the same path: lost, reopened by polling with back-off, resumed with the gap kept.
#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <unistd.h>

#include "serial/pty_device.hpp"
#include "serial/serial_device_source.hpp"
#include "usb/collect_blocks.hpp"
#include "usb/test_plate.hpp"

using namespace stridecue;
using namespace stridecue::test;

TEST_CASE("a port that hangs up is reopened when it comes back: lost, resumed, gap kept") {
  const auto link = fmt::format("/tmp/stridecue-tty-{}", getpid());
  constexpr auto kUnpluggedFor = std::chrono::milliseconds(300);

  auto device = std::make_unique<PtyDevice>(link, 3);
  serial::SerialSourceOptions options;
  options.path = link;
  serial::SerialDeviceSource source(options);
  REQUIRE(source.failure() == "");

  Collected got;
  collect(source, got, [](const Collected& c) { return c.blocks.size() >= 3; });
  REQUIRE(got.blocks.size() == 3);

  device->unplug();
  collect(source, got, lost_and_drained);
  REQUIRE(got.event(SourceEvent::Kind::lost) != nullptr);
  std::this_thread::sleep_for(kUnpluggedFor);
  device = std::make_unique<PtyDevice>(link, 4);  // counter restarts at 0

  collect(source, got, [](const Collected& c) {
    return c.blocks.size() >= 7 && c.has_event(SourceEvent::Kind::resumed);
  });
  REQUIRE(got.blocks.size() == 7);
  const auto* resumed = got.event(SourceEvent::Kind::resumed);
  REQUIRE(resumed != nullptr);
  const double unplugged_s = std::chrono::duration<double>(kUnpluggedFor).count();
  CHECK(resumed->gap_s >= unplugged_s);
  const std::int64_t first_after = got.blocks[3].first_sample;
  CHECK(first_after >= 12 + static_cast<std::int64_t>(unplugged_s * kPlateRateHz));
  for (std::size_t i = 3; i < 7; ++i) {
    const auto k = static_cast<std::int64_t>((i - 3) * kPlateRowsPerFrame);
    CHECK(got.blocks[i].first_sample == first_after + k);
    CHECK(got.blocks[i].at(1, 0) == plate_value(k + 1, 0));
  }
  CHECK(source.counters().reconnects == 1);
  device.reset();
}
