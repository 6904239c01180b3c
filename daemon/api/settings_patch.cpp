#include "api/settings_patch.hpp"

#include <stdexcept>

namespace stridecue {

nlohmann::json flat_settings_patch(const std::vector<std::string>& assignments) {
  nlohmann::json patch = nlohmann::json::object();
  for (const std::string& assignment : assignments) {
    const auto equals = assignment.find('=');
    if (equals == std::string::npos)
      throw std::invalid_argument("'" + assignment + "' is not KEY=VALUE");
    const std::string key = assignment.substr(0, equals);
    if (key.empty()) throw std::invalid_argument("'" + assignment + "' has no key before '='");
    if (patch.contains(key)) throw std::invalid_argument("'" + key + "' is given twice");
    const std::string value = assignment.substr(equals + 1);
    nlohmann::json parsed = nlohmann::json::parse(value, nullptr, /*allow_exceptions=*/false);
    patch[key] = parsed.is_discarded() ? nlohmann::json(value) : std::move(parsed);
  }
  return patch;
}

}  // namespace stridecue
