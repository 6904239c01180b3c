// Real-time scheduling for a thread that must run as soon as its data arrives (the engine
// thread): SCHED_FIFO at a modest priority, asked for with pthread_setschedparam. Linux grants
// it to a process with CAP_SYS_NICE or an RLIMIT_RTPRIO at least as high (the systemd unit sets
// LimitRTPRIO=); otherwise the thread stays on the normal scheduler and the caller says why.
// A SCHED_FIFO thread is not woken faster by the futex, but it preempts every normal thread on
// its core at once instead of waiting for the normal scheduler's turn: on a machine whose cores
// are busy that is the difference between microseconds and milliseconds.
#pragma once

#include <pthread.h>
#include <sched.h>

#include <cstring>
#include <string>

namespace stridecue {

struct ThreadScheduling {
  bool realtime = false;  // SCHED_FIFO granted
  int priority = 0;       // the SCHED_FIFO priority granted; 0 on the normal scheduler
  int core = -1;          // the one core the thread is kept on; -1: wherever the scheduler puts it
  std::string refusal;    // why real time was asked for and refused; empty otherwise

  const char* policy() const { return realtime ? "fifo" : "other"; }
};

// Puts `thread` on SCHED_FIFO at `priority` (1..99); 0 leaves it on the normal scheduler.
inline ThreadScheduling request_realtime(pthread_t thread, int priority) {
  ThreadScheduling s;
  if (priority <= 0) return s;
  const int max = sched_get_priority_max(SCHED_FIFO);
  if (priority > max) priority = max;
  sched_param param{};
  param.sched_priority = priority;
  const int error = pthread_setschedparam(thread, SCHED_FIFO, &param);
  if (error == 0) {
    s.realtime = true;
    s.priority = priority;
    return s;
  }
  s.refusal = "SCHED_FIFO priority " + std::to_string(priority) + " refused (" +
              std::strerror(error) +
              "): the process needs CAP_SYS_NICE or an RLIMIT_RTPRIO of at least that "
              "(LimitRTPRIO= in the systemd unit, or rtprio in limits.conf)";
  return s;
}

// What the calling thread runs under now, as the kernel reports it.
inline ThreadScheduling current_scheduling(pthread_t thread) {
  ThreadScheduling s;
  int policy = 0;
  sched_param param{};
  if (pthread_getschedparam(thread, &policy, &param) == 0 && policy == SCHED_FIFO) {
    s.realtime = true;
    s.priority = param.sched_priority;
  }
  return s;
}

}  // namespace stridecue
