#include "live/report_worker.hpp"

#include <utility>

namespace stridecue {

ReportWorker::ReportWorker(std::size_t max_queued) : max_queued_(max_queued) {
  thread_ = std::thread([this] { run(); });
}

ReportWorker::~ReportWorker() {
  stop();
}

void ReportWorker::post(Job job) {
  bool stopping = false;
  {
    std::lock_guard lock(mutex_);
    stopping = stopping_;
    if (!stopping && jobs_.size() < max_queued_) {
      jobs_.push_back(std::move(job));
      wake_.notify_one();
      return;
    }
  }
  if (job.refuse) job.refuse(stopping);
}

void ReportWorker::stop() {
  std::deque<Job> refused;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    refused.swap(jobs_);
    wake_.notify_one();
  }
  for (Job& job : refused)
    if (job.refuse) job.refuse(true);
  if (thread_.joinable()) thread_.join();
}

void ReportWorker::run() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;  // what was queued is stop()'s to refuse
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    // A job catches its own errors and replies through its own callback; one that throws all
    // the same must not end the daemon, and its client hears why not rather than nothing.
    try {
      job.run();
    } catch (...) {
      if (job.refuse) job.refuse(false);
    }
  }
}

}  // namespace stridecue
