// Opens the live devices a config names (source.kind or source.emg = a driver of
// drivers/registry), and wraps a source of plate volts in its analog force-plate calibration
// (source.analog_plate).
#pragma once

#include <filesystem>
#include <memory>
#include <string_view>

#include "settings/daemon_config.hpp"
#include "source/sample_source.hpp"

namespace stridecue {

class DeviceActions;

// The device of driver `kind` with the drivers' settings in `source`. Throws ConfigError or
// std::invalid_argument naming the key and what was wrong (a bad selector, a profile that does
// not load). A device that is absent is not an error: the source waits for it
// (docs/devices.md). `config_dir`: where relative profile paths are looked up after the config
// file's own folder.
std::unique_ptr<SampleSource> open_device_source(std::string_view kind,
                                                 const SourceSettings& source,
                                                 const std::filesystem::path& config_file,
                                                 const std::filesystem::path& config_dir);

// `raw` wrapped in the analog plate profile named by source.analog_plate; the wrapper joins
// `devices`, whose actions (tare) the control API calls.
std::unique_ptr<SampleSource> wrap_analog_plates(std::unique_ptr<SampleSource> raw,
                                                 const SourceSettings& source,
                                                 const std::filesystem::path& config_file,
                                                 const std::filesystem::path& config_dir,
                                                 std::vector<DeviceActions*>& devices);

}  // namespace stridecue
