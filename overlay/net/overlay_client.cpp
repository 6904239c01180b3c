#include "net/overlay_client.hpp"

namespace stridecue::overlay {

OverlayClient::OverlayClient(const ApiUrl& url, const std::string& token, Backoff backoff)
    : requests_(url, token, mailbox_), stream_(url, token, mailbox_, backoff) {}

void OverlayClient::patch_settings(const nlohmann::json& changes, int edit_request) {
  requests_.submit({RequestKind::patch, "PATCH", "/api/v1/settings", changes.dump(), edit_request});
}

void OverlayClient::start_session(const std::string& runner_id) {
  const nlohmann::json body =
      runner_id.empty() ? nlohmann::json::object() : nlohmann::json{{"runner_id", runner_id}};
  requests_.submit({RequestKind::session_start, "POST", "/api/v1/session/start", body.dump(), 0});
}

void OverlayClient::stop_session() {
  requests_.submit({RequestKind::session_stop, "POST", "/api/v1/session/stop", {}, 0});
}

void OverlayClient::reset_baseline(const std::string& side) {
  const nlohmann::json body =
      side.empty() ? nlohmann::json::object() : nlohmann::json{{"side", side}};
  requests_.submit({RequestKind::baseline_reset, "POST", "/api/v1/baseline/reset", body.dump(), 0});
}

void OverlayClient::fetch_settings() {
  requests_.submit({RequestKind::schema, "GET", "/api/v1/settings/schema", {}, 0});
  requests_.submit({RequestKind::settings, "GET", "/api/v1/settings", {}, 0});
}

void OverlayClient::fetch_status() {
  requests_.submit({RequestKind::status, "GET", "/api/v1/status", {}, 0});
}

}  // namespace stridecue::overlay
