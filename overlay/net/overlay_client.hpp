// The overlay's side of the control API: the event stream and the request worker, both
// feeding one mailbox that the UI thread empties once per frame (`take_all`).
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "net/event_stream.hpp"
#include "net/request_worker.hpp"

namespace stridecue::overlay {

// What the coach panel asks of the daemon: an interface, so the UI is tested without one.
class DaemonCommands {
 public:
  virtual ~DaemonCommands() = default;
  virtual void patch_settings(const nlohmann::json& changes, int edit_request) = 0;
  virtual void start_session(const std::string& runner_id) = 0;
  virtual void stop_session() = 0;
  virtual void reset_baseline(const std::string& side) = 0;  // "", "left", "right"
  virtual void fetch_settings() = 0;                         // settings + schema
  virtual void fetch_status() = 0;  // GET /status: the device's state and link counters
};

class OverlayClient : public DaemonCommands {
 public:
  OverlayClient(const ApiUrl& url, const std::string& token, Backoff backoff = {});

  std::vector<NetMessage> take_all() { return mailbox_.take_all(); }

  void patch_settings(const nlohmann::json& changes, int edit_request) override;
  void start_session(const std::string& runner_id) override;
  void stop_session() override;
  void reset_baseline(const std::string& side) override;
  void fetch_settings() override;
  void fetch_status() override;

 private:
  Mailbox<NetMessage> mailbox_;  // declared first: the threads below push into it
  RequestWorker requests_;
  EventStream stream_;
};

}  // namespace stridecue::overlay
