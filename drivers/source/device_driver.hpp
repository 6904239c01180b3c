// What a device driver tells the rest of stridecue about itself, in one place: the name that
// `source.kind` selects it by, its config keys (type, default, range, unit, one line of help),
// the USB IDs it claims (the udev rules are generated from them), and how to open it. The
// settings table, `stridecue config`, docs/config.md, the problems check, the CLI and the udev
// rules all read drivers from drivers/registry, so a new device is its driver file, one line
// in the registry's list, and its tests (docs/devices.md, "Adding a device").
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "source/sample_source.hpp"

namespace stridecue {

// One config key of a driver, "source.<kind>.<name>".
struct DeviceSetting {
  enum class Type : std::uint8_t { text, integer };
  std::string_view key;  // the whole dotted key: "source.usb.device"
  Type type = Type::text;
  std::string_view default_text;   // Type::text
  std::int64_t default_integer{};  // Type::integer
  std::int64_t min{}, max{};       // Type::integer, inclusive
  std::string_view unit;
  std::string_view doc;  // one line; the table adds "kind = <kind>: " in front
};

// The values of the drivers' settings, by key. A key not set holds its driver's default.
class DeviceSettingValues {
 public:
  using Value = std::variant<std::string, std::int64_t>;
  std::string text(const DeviceSetting& setting) const;
  std::int64_t integer(const DeviceSetting& setting) const;
  void set(const DeviceSetting& setting, Value value);

  bool operator==(const DeviceSettingValues&) const = default;

 private:
  std::map<std::string, Value, std::less<>> values_;
};

// A USB device the driver serves, for the udev rules: by the kernel's cdc_acm driver as a tty
// (`tty` true), or by libusb.
struct DeviceUsbId {
  std::uint16_t vendor_id = 0;
  std::uint16_t product_id = 0;
  std::string_view name;
  bool tty = false;
};

// What opening a device may use besides its settings.
struct DeviceOpenContext {
  const DeviceSettingValues& settings;
  // A file named by a setting ("source.delsys.profile" = "devices/delsys_trigno.toml"), found
  // beside the config file or in the config directory; throws ConfigError naming the key and
  // the places looked in.
  std::function<std::filesystem::path(std::string_view key, const std::string& written)> find_file;
};

// A setting refused by its driver: which key, and why ("source.usb.device must name a device
// when source.kind = \"usb\"").
struct DeviceSettingProblem {
  std::string_view key;
  std::string message;
};

struct DeviceDriver {
  std::string_view kind;     // "usb": source.kind = "usb"
  std::string_view summary;  // one line for `stridecue config keys` and the docs
  std::span<const DeviceSetting> settings;
  std::span<const DeviceUsbId> usb_ids;
  // May be read beside a force source for the EMG (source.emg = kind): one session, one
  // timeline (docs/devices.md, "One session, two devices").
  bool emg_companion = false;
  // What is wrong with the settings for this driver; nothing when they will do.
  std::optional<DeviceSettingProblem> (*problem)(const DeviceSettingValues& settings) = nullptr;
  // Opens the device: throws ConfigError (bad settings, missing files) or
  // std::invalid_argument/runtime_error (the device refused) with a message for the user.
  std::unique_ptr<SampleSource> (*open)(const DeviceOpenContext& context) = nullptr;
};

}  // namespace stridecue
