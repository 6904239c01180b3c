// `stridecue devices` and the device sources as the daemon's config names them.
#include <catch2/catch.hpp>

#include <fstream>

#include "support/run_program.hpp"
#include "support/test_paths.hpp"

using namespace stridecue::test;

namespace {

const std::string kStridecue = stridecue::test::cli_path();

}  // namespace

TEST_CASE("the shipped udev rules are what the drivers' ID table generates", "[cli][devices]") {
  const ProgramResult r = run_program(kStridecue + " devices --udev-rules");
  REQUIRE(r.exit_code == 0);
  INFO("regenerate with: stridecue devices --udev-rules > udev/70-stridecue.rules");
  CHECK(r.out == read_file(std::string(source_dir()) + "/udev/70-stridecue.rules"));
  // Both of the protocol's USB identities are given to the seat's user and the service group.
  CHECK(r.out.find("ATTR{idVendor}==\"1209\", ATTR{idProduct}==\"5ce0\"") != std::string::npos);
  CHECK(r.out.find("SUBSYSTEM==\"tty\", ATTRS{idVendor}==\"1209\", ATTRS{idProduct}==\"5ce1\"") !=
        std::string::npos);
  CHECK(r.out.find("TAG+=\"uaccess\"") != std::string::npos);
}

TEST_CASE("devices lists nothing on a machine without a stridecue device", "[cli][devices]") {
  // These machines have no USB bus: the listing must still answer, and say so plainly.
  const ProgramResult r = run_program(kStridecue + " devices");
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("no supported USB device attached") != std::string::npos);
  const ProgramResult j = run_program(kStridecue + " devices --json");
  CHECK(j.exit_code == 0);
  CHECK(j.out == "[]\n");
}

TEST_CASE("a device source with a bad selector or a missing profile is refused by name",
          "[cli][devices]") {
  TempDir dir("devices");
  const auto config = dir.path() / "bad.toml";
  {
    std::ofstream(config) << "[source]\nkind = \"usb\"\n[source.usb]\ndevice = \"12g9:5ce0\"\n"
                             "[api]\nenabled = false\n[audio]\nenabled = false\n"
                             "[store]\nenabled = false\n";
  }
  const ProgramResult r = run_program(kStridecue + " run --config " + config.string());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("source.usb.device = \"12g9:5ce0\"") != std::string::npos);

  {
    std::ofstream(config) << "[source]\nkind = \"delsys\"\n[source.delsys]\n"
                             "profile = \"devices/no_such_trigno.toml\"\n"
                             "[api]\nenabled = false\n[audio]\nenabled = false\n"
                             "[store]\nenabled = false\n";
  }
  const ProgramResult m = run_program(kStridecue + " run --config " + config.string());
  CHECK(m.exit_code == 2);
  CHECK(m.err.find("source.delsys.profile = \"devices/no_such_trigno.toml\": no such file") !=
        std::string::npos);
}

TEST_CASE("the Delsys EMG beside the simulator is refused, naming source.emg", "[cli][devices]") {
  TempDir dir("devices");
  const auto config = dir.path() / "emg.toml";
  std::ofstream(config) << "[source]\nkind = \"simulator\"\nemg = \"delsys\"\n";
  const ProgramResult r = run_program(kStridecue + " config check " + config.string());
  CHECK(r.exit_code == 2);
  const std::string said = r.out + r.err;
  CHECK(said.find("source.emg = \"delsys\" goes with a live force source") != std::string::npos);
}
