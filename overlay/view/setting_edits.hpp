// The coach's changes to settings, from the click to the daemon's word. A change is "pending"
// once sent, "applied" only when the daemon confirms that its engine took it (the stream's
// `settings_applied` with the change's version or later: the PATCH answer and the stream come
// on different connections, in either order), and "refused" with the daemon's message on a
// 4xx. A newer change of the same key supersedes the older one's answer.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace stridecue::overlay {

enum class EditState { pending, applied, refused, failed };

struct SettingEdit {
  nlohmann::json value;
  EditState state = EditState::pending;
  std::string message;  // refused / failed: why, as the daemon (or the network) said it
  int request = 0;
  std::optional<long long> version;  // from the PATCH answer
  double changed_at_s = 0.0;         // when it was sent, then when its state last changed
};

class SettingEdits {
 public:
  // Records a change about to be sent as one PATCH; returns its request number.
  int sent(const nlohmann::json& changes, double now_s);
  // The PATCH's answer: `status` 0 means it never reached the daemon (`body` says why).
  void answered(int request, int status, std::string_view body, double now_s);
  // The engine took settings up to `version` (stream `settings_applied`, or hello's status).
  void applied_up_to(long long version, double now_s);

  const SettingEdit* find(std::string_view key) const;
  const std::map<std::string, SettingEdit, std::less<>>& all() const { return edits_; }
  std::size_t count(EditState state) const;

 private:
  std::map<std::string, SettingEdit, std::less<>> edits_;
  int next_request_ = 1;
  long long applied_version_ = -1;
};

std::string_view to_string(EditState state);

}  // namespace stridecue::overlay
