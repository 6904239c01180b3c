#include "view/setting_edits.hpp"

namespace stridecue::overlay {

std::string_view to_string(EditState state) {
  switch (state) {
    case EditState::pending: return "pending";
    case EditState::applied: return "applied";
    case EditState::refused: return "refused";
    case EditState::failed: return "not sent";
  }
  return "?";
}

int SettingEdits::sent(const nlohmann::json& changes, double now_s) {
  const int request = next_request_++;
  for (const auto& [key, value] : changes.items())
    edits_[key] = SettingEdit{value, EditState::pending, {}, request, std::nullopt, now_s};
  return request;
}

namespace {
std::string error_of(std::string_view body) {
  const auto parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_object() && parsed.contains("error") && parsed["error"].is_string())
    return parsed["error"].get<std::string>();
  return std::string(body.empty() ? std::string_view("no reason given") : body);
}
}  // namespace

void SettingEdits::answered(int request, int status, std::string_view body, double now_s) {
  std::optional<long long> version;
  if (status >= 200 && status < 300) {
    const auto parsed = nlohmann::json::parse(body, nullptr, false);
    if (parsed.is_object() && parsed.contains("version") && parsed["version"].is_number_integer())
      version = parsed["version"].get<long long>();
  }
  for (auto& [key, edit] : edits_) {
    if (edit.request != request || edit.state != EditState::pending) continue;
    edit.changed_at_s = now_s;
    if (status >= 200 && status < 300) {
      edit.version = version;
      // The stream may have announced this version before the answer came.
      if (version && *version <= applied_version_) edit.state = EditState::applied;
    } else if (status == 0) {
      edit.state = EditState::failed;
      edit.message = std::string(body);
    } else {
      edit.state = EditState::refused;
      edit.message = error_of(body);
    }
  }
}

void SettingEdits::applied_up_to(long long version, double now_s) {
  if (version > applied_version_) applied_version_ = version;
  for (auto& [key, edit] : edits_) {
    if (edit.state == EditState::pending && edit.version && *edit.version <= applied_version_) {
      edit.state = EditState::applied;
      edit.changed_at_s = now_s;
    }
  }
}

const SettingEdit* SettingEdits::find(std::string_view key) const {
  const auto it = edits_.find(key);
  return it == edits_.end() ? nullptr : &it->second;
}

std::size_t SettingEdits::count(EditState state) const {
  std::size_t n = 0;
  for (const auto& [key, edit] : edits_)
    n += edit.state == state;
  return n;
}

}  // namespace stridecue::overlay
