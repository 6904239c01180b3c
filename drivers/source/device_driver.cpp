#include "source/device_driver.hpp"

namespace stridecue {

std::string DeviceSettingValues::text(const DeviceSetting& setting) const {
  if (const auto it = values_.find(setting.key); it != values_.end()) {
    if (const auto* s = std::get_if<std::string>(&it->second)) return *s;
  }
  return std::string(setting.default_text);
}

std::int64_t DeviceSettingValues::integer(const DeviceSetting& setting) const {
  if (const auto it = values_.find(setting.key); it != values_.end()) {
    if (const auto* i = std::get_if<std::int64_t>(&it->second)) return *i;
  }
  return setting.default_integer;
}

void DeviceSettingValues::set(const DeviceSetting& setting, Value value) {
  values_.insert_or_assign(std::string(setting.key), std::move(value));
}

}  // namespace stridecue
