// Work the API thread hands to the daemon's main thread (which owns the dispatcher and the
// sessions): queued here, run by the main loop on its next pass. Nobody waits for a task: each
// carries what to do and, should the daemon stop first, how to refuse (a 503 to its client).
#pragma once

#include <deque>
#include <functional>
#include <mutex>

#include "realtime/wake_signal.hpp"

namespace stridecue {

class MainLoopTasks {
 public:
  struct Task {
    std::function<void()> run;     // on the main thread
    std::function<void()> refuse;  // on the caller's thread or the main thread, at the stop
  };

  // The main loop sleeps on this; a new task wakes it.
  void wake_with(WakeSignal* wake) {
    std::lock_guard lock(mutex_);
    wake_ = wake;
  }

  // Any thread. Once closed, the task is refused at once.
  void post(Task task) {
    {
      std::lock_guard lock(mutex_);
      if (!closed_) {
        tasks_.push_back(std::move(task));
        if (wake_) wake_->notify();
        return;
      }
    }
    if (task.refuse) task.refuse();
  }

  // Main thread: runs what was queued before this call.
  void run_all() {
    std::unique_lock lock(mutex_);
    // Every pass of the main loop asks, nearly always for nothing: an empty std::deque still
    // allocates, ~100 times a second.
    if (tasks_.empty()) return;
    std::deque<Task> tasks;
    tasks.swap(tasks_);
    lock.unlock();
    for (Task& t : tasks)
      t.run();
  }

  // Main thread, at the stop: refuses what is still queued and whatever comes later.
  void close() {
    std::deque<Task> tasks;
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
      tasks.swap(tasks_);
    }
    for (Task& t : tasks)
      if (t.refuse) t.refuse();
  }

 private:
  std::mutex mutex_;
  std::deque<Task> tasks_;
  WakeSignal* wake_ = nullptr;
  bool closed_ = false;
};

}  // namespace stridecue
