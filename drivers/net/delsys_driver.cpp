#include "net/delsys_driver.hpp"

#include <array>
#include <stdexcept>

#include "net/delsys_trigno_source.hpp"
#include "net/trigno_options.hpp"

namespace stridecue {
namespace {

constexpr DeviceSetting kProfile{
    "source.delsys.profile",
    DeviceSetting::Type::text,
    "devices/delsys_trigno.toml",
    0,
    0,
    0,
    "",
    "the Trigno profile (host, ports, rate, sensors; docs/delsys.md); a relative path is looked "
    "up beside the config, then in the config directory"};
constexpr std::array kSettings{kProfile};

std::optional<DeviceSettingProblem> problem(const DeviceSettingValues& s) {
  if (s.text(kProfile).empty()) {
    return DeviceSettingProblem{
        kProfile.key,
        "source.delsys.profile must name a Trigno profile when source.kind = \"delsys\""};
  }
  return std::nullopt;
}

std::unique_ptr<SampleSource> open(const DeviceOpenContext& context) {
  if (const auto wrong = problem(context.settings)) throw std::invalid_argument(wrong->message);
  const auto path = context.find_file(kProfile.key, context.settings.text(kProfile));
  auto options = load_trigno_profile(path);
  if (!options) throw std::invalid_argument(options.error());
  return std::make_unique<DelsysTrignoSource>(*options);
}

}  // namespace

const DeviceDriver& delsys_device_driver() {
  static const DeviceDriver driver{
      "delsys", "a Delsys Trigno EMG system over its SDK's TCP ports", kSettings, {}, true, problem,
      open};
  return driver;
}

}  // namespace stridecue
