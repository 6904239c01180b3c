#include "cli/device_sources.hpp"

#include <fmt/format.h>

#include "analog/analog_plate_profile.hpp"
#include "analog/analog_plate_source.hpp"
#include "config/config_error.hpp"
#include "net/delsys_trigno_source.hpp"
#include "net/trigno_options.hpp"
#include "serial/serial_device_source.hpp"
#include "usb/usb_device_source.hpp"
#include "usb/usb_selector.hpp"

namespace stridecue {
namespace {

// A profile path as written in the config: absolute, beside the config file, or in the
// config directory (where the shipped devices/ live).
std::filesystem::path find_profile(const std::string& key, const std::string& written,
                                   const std::filesystem::path& config_file,
                                   const std::filesystem::path& config_dir) {
  const std::filesystem::path path(written);
  if (path.is_absolute()) return path;
  std::vector<std::filesystem::path> tried;
  if (!config_file.empty()) tried.push_back(config_file.parent_path() / path);
  tried.push_back(config_dir / path);
  for (const auto& p : tried) {
    if (std::filesystem::exists(p)) return p;
  }
  std::string list;
  for (const auto& p : tried)
    list += (list.empty() ? "" : ", ") + p.string();
  throw ConfigError(fmt::format("{} = \"{}\": no such file (looked for {})", key, written, list));
}

}  // namespace

std::unique_ptr<SampleSource> open_device_source(const SourceSettings& source,
                                                 const std::filesystem::path& config_file,
                                                 const std::filesystem::path& config_dir) {
  switch (source.kind) {
    case SourceKind::usb: {
      const usb::SelectorParse parsed = usb::parse_usb_selector(source.usb_device);
      if (!parsed.selector) {
        throw ConfigError(
            fmt::format("source.usb.device = \"{}\": {}", source.usb_device, parsed.error));
      }
      usb::UsbSourceOptions o;
      o.selector = *parsed.selector;
      o.transfers_in_flight = static_cast<std::size_t>(source.usb_transfers);
      return std::make_unique<usb::UsbDeviceSource>(o);
    }
    case SourceKind::serial: {
      serial::SerialSourceOptions o;
      o.path = source.serial_port;
      o.baud = static_cast<unsigned>(source.serial_baud);
      return std::make_unique<serial::SerialDeviceSource>(o);
    }
    case SourceKind::delsys: {
      const auto path =
          find_profile("source.delsys.profile", source.delsys_profile, config_file, config_dir);
      std::string error;
      auto options = load_trigno_profile(path, &error);
      if (!options) throw ConfigError(error);
      return std::make_unique<DelsysTrignoSource>(*options);
    }
    case SourceKind::simulator:
    case SourceKind::file: break;
  }
  throw ConfigError(fmt::format("source.kind = \"{}\" is not a device", to_string(source.kind)));
}

std::unique_ptr<SampleSource> wrap_analog_plates(std::unique_ptr<SampleSource> raw,
                                                 const SourceSettings& source,
                                                 const std::filesystem::path& config_file,
                                                 const std::filesystem::path& config_dir,
                                                 PlateTare*& plates) {
  const auto path =
      find_profile("source.analog_plate", source.analog_plate, config_file, config_dir);
  std::string error;
  auto profile = load_analog_plate_profile(path, &error);
  if (!profile) throw ConfigError(error);
  auto wrapped = std::make_unique<AnalogPlateSource>(std::move(raw), std::move(*profile));
  plates = wrapped.get();
  return wrapped;
}

}  // namespace stridecue
