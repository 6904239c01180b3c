#include "live/output_pump.hpp"
#include "realtime/thread_name.hpp"

#include <poll.h>
#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <csignal>
#include <cstdio>
#include <stdexcept>

namespace stridecue {
namespace {

// The stdio stream's writes land in the pump's queue.
ssize_t cookie_write(void* cookie, const char* data, std::size_t size) {
  static_cast<OutputPump*>(cookie)->write({data, size});
  return static_cast<ssize_t>(size);
}

// How often a waiting writer looks whether it is told to give up.
constexpr int kPollMs = 100;

}  // namespace

OutputPump::OutputPump(int fd, std::size_t max_bytes) : fd_(fd), max_bytes_(max_bytes) {
  cookie_io_functions_t io{};
  io.write = cookie_write;
  file_ = ::fopencookie(this, "w", io);
  if (file_ == nullptr) throw std::runtime_error("output: cannot open a stdio stream for the pump");
  std::setvbuf(file_, nullptr, _IOLBF, 64 * 1024);
  thread_ = std::thread([this] {
    name_this_thread("sc-output");
    run();
  });
}

OutputPump::~OutputPump() {
  finish(0);
  std::fclose(file_);  // nothing left in its buffer: finish() flushed it
}

void OutputPump::write(std::string_view text) {
  if (text.empty()) return;
  {
    std::lock_guard lock(mutex_);
    if (!finishing_ && !closed() && queued_bytes_ + text.size() <= max_bytes_) {
      queue_.emplace_back(text);
      queued_bytes_ += text.size();
      wake_.notify_all();
      return;
    }
  }
  drop(text.size());
}

void OutputPump::drop(std::size_t bytes) {
  dropped_bytes_.fetch_add(bytes, std::memory_order_relaxed);
  dropped_writes_.fetch_add(1, std::memory_order_relaxed);
}

void OutputPump::finish(int patience_ms) {
  std::fflush(file_);
  {
    std::unique_lock lock(mutex_);
    finishing_ = true;
    wake_.notify_all();
    // The queue drains at the reader's pace; a reader that does not read gets `patience_ms`.
    if (!wake_.wait_for(lock, std::chrono::milliseconds(patience_ms),
                        [&] { return queue_.empty() && !writing_; })) {
      give_up_.store(true);
    }
  }
  give_up_.store(true);
  if (thread_.joinable()) thread_.join();
}

nlohmann::json OutputPump::status_json() const {
  return {{"bytes_written", bytes_written()},
          {"bytes_dropped", bytes_dropped()},
          {"writes_dropped", writes_dropped()},
          {"closed", closed()}};
}

void OutputPump::run() {
  // A write to a pipe whose reader has gone raises SIGPIPE in the writing thread: blocked
  // here, the write fails with EPIPE instead, and the process lives on to close its session.
  sigset_t pipe_signal;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_signal, nullptr);
  for (;;) {
    std::string text;
    {
      std::unique_lock lock(mutex_);
      writing_ = false;
      wake_.notify_all();
      wake_.wait(lock, [&] { return !queue_.empty() || finishing_; });
      if (queue_.empty()) return;
      text = std::move(queue_.front());
      queue_.pop_front();
      queued_bytes_ -= text.size();
      writing_ = true;
    }
    if (closed() || give_up_.load() || !write_out(text)) drop(text.size());
  }
}

bool OutputPump::write_out(std::string_view text) {
  while (!text.empty()) {
    pollfd p{fd_, POLLOUT, 0};
    const int ready = ::poll(&p, 1, kPollMs);
    if (give_up_.load()) return false;
    if (ready == 0 || (ready < 0 && errno == EINTR)) continue;
    // At most PIPE_BUF after POLLOUT: a pipe then takes it whole without blocking.
    const std::size_t chunk = std::min<std::size_t>(text.size(), PIPE_BUF);
    const ssize_t n = ::write(fd_, text.data(), chunk);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      closed_.store(true, std::memory_order_release);  // EPIPE: the reader has gone
      return false;
    }
    written_.fetch_add(static_cast<std::uint64_t>(n), std::memory_order_relaxed);
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace stridecue
