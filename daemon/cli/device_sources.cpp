#include "cli/device_sources.hpp"

#include <fmt/format.h>

#include "analog/analog_plate_profile.hpp"
#include "analog/analog_plate_source.hpp"
#include "config/config_error.hpp"
#include "registry/device_registry.hpp"

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

std::unique_ptr<SampleSource> open_device_source(std::string_view kind,
                                                 const SourceSettings& source,
                                                 const std::filesystem::path& config_file,
                                                 const std::filesystem::path& config_dir) {
  const DeviceDriver* driver = find_device_driver(kind);
  if (driver == nullptr)
    throw ConfigError(fmt::format("source.kind = \"{}\" is not a device", kind));
  const DeviceOpenContext context{
      source.devices, [&](std::string_view key, const std::string& written) {
        return find_profile(std::string(key), written, config_file, config_dir);
      }};
  return driver->open(context);
}

std::unique_ptr<SampleSource> wrap_analog_plates(std::unique_ptr<SampleSource> raw,
                                                 const SourceSettings& source,
                                                 const std::filesystem::path& config_file,
                                                 const std::filesystem::path& config_dir,
                                                 std::vector<DeviceActions*>& devices) {
  const auto path =
      find_profile("source.analog_plate", source.analog_plate, config_file, config_dir);
  auto profile = load_analog_plate_profile(path);
  if (!profile) throw ConfigError(profile.error());
  auto wrapped = std::make_unique<AnalogPlateSource>(std::move(raw), std::move(*profile));
  devices.push_back(wrapped.get());
  return wrapped;
}

}  // namespace stridecue
