// The daemon's report thread: draws the reports the API asks for (live/report_requests.hpp),
// one at a time, off the API's thread, the main loop and the recorder. A report takes hundreds
// of milliseconds to seconds of Cairo; none of the daemon's other threads waits for one, and
// the engine's path never meets this thread. The queue is short: a coach asks for a report or
// two, and a client that asks for more is told 503 (retry) rather than queued for minutes.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace stridecue {

class ReportWorker {
 public:
  struct Job {
    std::function<void()> run;  // on the report thread
    // On the caller's thread (queue full, or stopped) or at the stop; `stopping` says which.
    std::function<void(bool stopping)> refuse;
  };

  explicit ReportWorker(std::size_t max_queued = 4);
  ~ReportWorker();  // stop()
  ReportWorker(const ReportWorker&) = delete;
  ReportWorker& operator=(const ReportWorker&) = delete;

  // Any thread. Queues `job`; refuses it at once when `max_queued` wait already or after stop().
  void post(Job job);
  // Refuses what is queued, lets the report being drawn finish and joins the thread. Safe to
  // call twice.
  void stop();

 private:
  void run();

  const std::size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace stridecue
