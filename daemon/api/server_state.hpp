// What the control server's connections share: options, the handler, the io_context and the
// registry of open connections. Internal to daemon/api. Everything but the counters is touched
// on the server thread only, so it needs no lock.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "api/beast.hpp"
#include "api/control_handler.hpp"
#include "api/control_server.hpp"
#include "api/guess_limiter.hpp"
#include "api/login_sessions.hpp"
#include "api/server_options.hpp"

namespace stridecue::api_internal {

// Anything the server must be able to close when it stops.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual void shut_down() = 0;
};

class StreamSession;

// A registry of weak references, keyed by the object itself so that its destructor can
// remove it (shared_from_this is gone by then).
template <typename T>
class Registry {
 public:
  void add(const std::shared_ptr<T>& item) { items_.emplace(item.get(), item); }
  void remove(const T* item) { items_.erase(item); }
  std::size_t size() const { return items_.size(); }
  bool contains(const T* item) const { return items_.count(item) != 0; }
  // Live items, copied out: calling into one may add to or remove from the registry.
  std::vector<std::shared_ptr<T>> live() const {
    std::vector<std::shared_ptr<T>> out;
    out.reserve(items_.size());
    for (const auto& [key, weak] : items_)
      if (auto item = weak.lock()) out.push_back(std::move(item));
    return out;
  }

 private:
  std::unordered_map<const T*, std::weak_ptr<T>> items_;
};

// Hands a reply that another thread completed to the server thread. The daemon may hold a
// reply callback past the server's stop (a session the recorder begins late): once closed,
// posting drops the reply instead of touching an io_context that is gone.
class ReplyPoster {
 public:
  explicit ReplyPoster(net::io_context& ioc) : ioc_(&ioc) {}
  template <typename Fn>
  void post(Fn&& fn) {
    std::lock_guard lock(mutex_);
    if (ioc_) net::post(*ioc_, std::forward<Fn>(fn));
  }
  void close() {
    std::lock_guard lock(mutex_);
    ioc_ = nullptr;
  }

 private:
  std::mutex mutex_;
  net::io_context* ioc_;
};

struct ServerState {
  ServerState(ServerOptions o, ControlHandler& h)
      : options(std::move(o)), handler(h), guesses(options.wrong_tokens) {}

  void add_client(const std::shared_ptr<Connection>& c) {
    clients.add(c);
    connections_open.store(clients.size());
  }
  void remove_client(const Connection* c) {
    clients.remove(c);
    connections_open.store(clients.size());
  }
  void add_stream(const std::shared_ptr<StreamSession>& s) {
    streams.add(s);
    stream_clients.store(streams.size());
  }
  void remove_stream(const StreamSession* s) {
    streams.remove(s);
    stream_clients.store(streams.size());
  }

  const ServerOptions options;
  ControlHandler& handler;
  bool stopping = false;
  LoginSessions logins;  // the web console's signed-in browsers
  GuessLimiter guesses;  // wrong tokens per client address

  Registry<Connection> clients;  // HTTP and stream sessions: what max_clients counts
  Registry<StreamSession> streams;
  Registry<Connection> closers;  // sockets saying goodbye (lingering_close.hpp)
  // The same, oldest first (entries may have expired): the one cut short when too many linger.
  std::deque<std::weak_ptr<Connection>> closers_by_age;

  std::atomic<std::uint64_t> connections_open{0};
  std::atomic<std::uint64_t> stream_clients{0};
  std::atomic<std::uint64_t> connections_total{0};
  std::atomic<std::uint64_t> connections_refused{0};
  std::atomic<std::uint64_t> requests{0};
  std::atomic<std::uint64_t> messages_sent{0};
  std::atomic<std::uint64_t> clients_dropped{0};

  // Last: destroyed first, so that the handlers it still holds (and the sessions they keep
  // alive) go while the registries above still exist.
  net::io_context ioc{1};
  const std::shared_ptr<ReplyPoster> replies = std::make_shared<ReplyPoster>(ioc);
};

}  // namespace stridecue::api_internal
