// `stridecue devices`: the supported devices attached to this machine (USB, by the drivers' ID
// table), what each says it is when asked, and the udev rules that give access to them.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/udev_rules.hpp"
#include "usb/usb_device_list.hpp"

namespace stridecue {
namespace {

struct DevicesOptions {
  bool json = false;
  bool no_identify = false;
  bool udev_rules = false;
};

nlohmann::ordered_json device_json(const usb::AttachedUsbDevice& d) {
  return {{"bus", d.bus},
          {"port", d.port_path},
          {"id", fmt::format("{:04x}:{:04x}", d.vendor_id, d.product_id)},
          {"name", d.name},
          {"driver", usb::to_string(d.driver)},
          {"serial", d.serial},
          {"model", d.model},
          {"kind", d.kind},
          {"firmware", d.firmware},
          {"note", d.note}};
}

int list_devices(const DevicesOptions& o) {
  if (o.udev_rules) {
    fmt::print("{}", udev_rules_text());
    return kExitOk;
  }
  std::vector<usb::AttachedUsbDevice> devices;
  try {
    devices = usb::list_usb_devices(!o.no_identify);
  } catch (const std::exception& e) {
    fmt::print(stderr, "stridecue devices: {}\n", e.what());
    return kExitFailure;
  }
  if (o.json) {
    auto all = nlohmann::ordered_json::array();
    for (const auto& d : devices)
      all.push_back(device_json(d));
    fmt::print("{}\n", all.dump(2));
    return kExitOk;
  }
  if (devices.empty()) {
    fmt::print("no supported USB device attached (stridecue devices --udev-rules lists the IDs)\n");
    return kExitOk;
  }
  for (const auto& d : devices) {
    // The selector a config's source.usb.device takes, then what the device said.
    fmt::print("{:04x}:{:04x},port={}  {}", d.vendor_id, d.product_id, d.port_path, d.name);
    if (!d.model.empty())
      fmt::print("  {} serial {} ({}, firmware {})", d.model, d.serial, d.kind, d.firmware);
    if (!d.note.empty()) fmt::print("  [{}]", d.note);
    fmt::print("\n");
  }
  return kExitOk;
}

}  // namespace

void add_devices_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<DevicesOptions>();
  CLI::App* cmd = app.add_subcommand("devices", "List the supported devices attached (USB)");
  cmd->add_flag("--json", options->json, "one JSON array");
  cmd->add_flag("--no-identify", options->no_identify,
                "do not open the devices to ask what they are");
  cmd->add_flag("--udev-rules", options->udev_rules,
                "print the udev rules for every supported device (udev/70-stridecue.rules)");
  cmd->callback([options, &exit_code] { exit_code = list_devices(*options); });
}

}  // namespace stridecue
