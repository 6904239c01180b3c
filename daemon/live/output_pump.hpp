// A consumer thread for a slow output: text handed to it is queued (bounded) and written to a
// file descriptor by its own thread, so that whoever produces the text — the daemon's main
// thread, printing strides for `stridecue run` — never waits for a pipe whose reader is slow
// or stopped (`stridecue run | sleep 45`). When the queue is full the text is dropped and
// counted. When the reader goes away (EPIPE), closed() turns true and the rest is dropped.
//
// The thread writes only after poll() says the descriptor takes data, and at most PIPE_BUF
// bytes at a time, so it never sits in write() either: finish() can always end it.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <thread>

namespace stridecue {

class OutputPump {
 public:
  // Writes to `fd` (not closed here). `max_bytes`: what may wait before text is dropped.
  explicit OutputPump(int fd, std::size_t max_bytes = std::size_t{1} << 20);
  ~OutputPump();  // finish(0)
  OutputPump(const OutputPump&) = delete;
  OutputPump& operator=(const OutputPump&) = delete;

  // Any thread; never waits on the descriptor.
  void write(std::string_view text);
  // A stdio stream whose every line goes to write(), for code that prints with fmt::print or
  // fprintf (line-buffered: a line is handed over when it ends). Owned by the pump.
  std::FILE* file() const { return file_; }

  // Writes what is queued, for at most `patience_ms`; what is still queued after that is
  // dropped (and counted). Then the thread ends. Safe to call twice.
  void finish(int patience_ms);

  bool closed() const { return closed_.load(std::memory_order_acquire); }
  std::uint64_t bytes_written() const { return written_.load(std::memory_order_relaxed); }
  std::uint64_t bytes_dropped() const { return dropped_bytes_.load(std::memory_order_relaxed); }
  std::uint64_t writes_dropped() const { return dropped_writes_.load(std::memory_order_relaxed); }
  nlohmann::json status_json() const;

 private:
  void run();
  // Writes `text` once the descriptor takes it; false when the reader has gone or the pump
  // is told to give up.
  bool write_out(std::string_view text);
  void drop(std::size_t bytes);

  const int fd_;
  const std::size_t max_bytes_;
  std::FILE* file_ = nullptr;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::string> queue_;
  std::size_t queued_bytes_ = 0;
  bool finishing_ = false;
  bool writing_ = false;  // the thread holds a text it took from the queue

  std::atomic<bool> give_up_{false};
  std::atomic<bool> closed_{false};
  std::atomic<std::uint64_t> written_{0}, dropped_bytes_{0}, dropped_writes_{0};
  std::thread thread_;
};

}  // namespace stridecue
