#include "net/delsys_trigno_source.hpp"

#include <chrono>
#include <cmath>
#include <mutex>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "net/asio.hpp"
#include "net/command_lines.hpp"
#include "net/reconnect_backoff.hpp"
#include "net/trigno_rows.hpp"
#include "realtime/thread_name.hpp"

namespace stridecue {

namespace asio = boost::asio;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

Clock::duration seconds(double s) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

std::vector<std::size_t> columns_of(const DelsysTrignoOptions& o) {
  std::vector<std::size_t> columns;
  for (const TrignoChannel& c : o.channels)
    columns.push_back(static_cast<std::size_t>(c.sensor - 1));
  return columns;
}

constexpr std::size_t kReadBytes = 16384;

}  // namespace

class DelsysTrignoSource::Link {
 public:
  explicit Link(DelsysTrignoOptions options)
      : opt_(std::move(options)),
        backoff_(opt_.backoff_initial_s, opt_.backoff_max_s),
        rows_(columns_of(opt_)),
        device_(fmt::format("tcp {}:{}", opt_.host, opt_.emg_port)) {
    if (const std::string problem = validate(opt_); !problem.empty()) {
      failure_ = "Delsys Trigno: " + problem;
      return;
    }
    layout_.streams = {trigno_emg_stream(opt_)};
    const std::size_t capacity = (kReadBytes / kTrignoRowBytes + 1) * opt_.channels.size();
    ready_.resize(capacity);
    block_.resize(capacity);
    status_ = "not started";
    asio::post(io_, [this] { start_attempt(); });
  }

  ~Link() {
    if (thread_.joinable()) {
      io_.stop();
      thread_.join();
    }
    if (phase_ == Phase::streaming && cmd_.is_open()) {
      // Politely, without waiting: the server goes on streaming to nobody otherwise.
      boost::system::error_code ec;
      cmd_.non_blocking(true, ec);
      const std::string stop = trigno_command("STOP");
      cmd_.write_some(asio::buffer(stop), ec);
    }
    close_all();
  }

  const SourceLayout& layout() const { return layout_; }
  const std::string& failure() const { return failure_; }
  const std::string& status() const { return status_; }
  const std::string& banner() const { return banner_; }
  std::uint64_t connections() const { return connections_; }
  std::vector<SourceEvent> take_events() {
    std::lock_guard lock(events_mutex_);
    return std::exchange(events_, {});
  }

  // From here on the sockets run on a thread of their own, and each read's rows are decoded
  // into a slot claimed from `sink`.
  void push_into(BlockSink& sink) {
    sink_ = &sink;
    if (!failure_.empty()) {
      sink.close(failure_);
      return;
    }
    if (ready_rows_ > 0) {  // decoded for next() and not yet taken
      const std::size_t width = opt_.channels.size();
      const std::span<float> slot = sink.claim(0, ready_rows_, width);
      if (!slot.empty()) {
        std::copy_n(ready_.begin(), slot.size(), slot.begin());
        sink.commit({ready_first_, ready_receipt_ns_, 0});
      }
      ready_rows_ = 0;
    }
    thread_ = std::thread([this] {
      name_this_thread("sc-delsys");
      const auto work = asio::make_work_guard(io_);
      if (io_.stopped()) io_.restart();
      io_.run();
    });
  }

  SourceStatus next(SampleBlock& block) {
    if (!failure_.empty()) return SourceStatus::failed;
    if (ready_rows_ == 0) {
      const auto deadline = Clock::now() + seconds(opt_.poll_s);
      if (io_.stopped()) io_.restart();
      while (ready_rows_ == 0 && failure_.empty()) {
        if (io_.run_one_until(deadline) == 0) break;
      }
    }
    if (!failure_.empty()) return SourceStatus::failed;
    if (ready_rows_ == 0) return SourceStatus::waiting;
    std::swap(ready_, block_);
    const std::size_t width = opt_.channels.size();
    block.stream = 0;
    block.first_sample = ready_first_;
    block.receipt_ns = ready_receipt_ns_;
    block.frames = ready_rows_;
    block.channels = width;
    block.samples = std::span<const float>(block_).first(ready_rows_ * width);
    ready_rows_ = 0;
    return SourceStatus::block;
  }

 private:
  enum class Phase { connecting, banner, data_port, commands, streaming, retry_wait };
  enum class Ask { paired, sensor_rate, base_rate, start };
  struct Command {
    std::string text;
    Ask ask;
  };

  // Handlers of an attempt that has since been closed must do nothing: each carries the
  // generation it was started in.
  template <typename F>
  auto guarded(F f) {
    return [this, g = generation_, f = std::move(f)](auto&&... args) mutable {
      if (g != generation_) return;
      f(std::forward<decltype(args)>(args)...);
    };
  }

  std::string where(std::uint16_t port) const { return fmt::format("{}:{}", opt_.host, port); }

  void start_attempt() {
    ++generation_;
    ++attempts_;
    phase_ = Phase::connecting;
    status_ = fmt::format("connecting to the Trigno server at {} (attempt {}{}{})",
                          where(opt_.command_port), attempts_,
                          last_problem_.empty() ? "" : "; last: ", last_problem_);
    arm_deadline(fmt::format("could not connect to {}", where(opt_.command_port)));
    resolver_.async_resolve(
        opt_.host, std::to_string(opt_.command_port),
        guarded([this](const boost::system::error_code& ec, tcp::resolver::results_type results) {
          if (ec || results.empty()) {
            fail_attempt(fmt::format("cannot resolve {}: {}", opt_.host, ec.message()));
            return;
          }
          const tcp::endpoint command = *results.begin();
          data_endpoint_ = tcp::endpoint(command.address(), opt_.emg_port);
          cmd_.async_connect(
              command, guarded([this](const boost::system::error_code& e) {
                if (e) {
                  fail_attempt(
                      fmt::format("command port {}: {}", where(opt_.command_port), e.message()));
                  return;
                }
                phase_ = Phase::banner;
                arm_deadline(fmt::format("no banner from {}", where(opt_.command_port)));
                read_commands();
              }));
        }));
  }

  void read_commands() {
    cmd_.async_read_some(asio::buffer(cmd_buffer_),
                         guarded([this](const boost::system::error_code& ec, std::size_t n) {
                           if (ec) {
                             const std::string detail =
                                 fmt::format("command port {} closed: {}", where(opt_.command_port),
                                             ec.message());
                             phase_ == Phase::streaming ? link_lost(detail) : fail_attempt(detail);
                             return;
                           }
                           lines_.append(std::string_view(cmd_buffer_.data(), n));
                           const std::uint64_t g = generation_;
                           while (g == generation_) {
                             auto line = lines_.pop();
                             if (!line) break;
                             on_line(*line);
                           }
                           if (g == generation_) read_commands();
                         }));
  }

  void on_line(const std::string& line) {
    if (phase_ == Phase::banner) {
      banner_ = line;
      phase_ = Phase::data_port;
      arm_deadline(fmt::format("could not connect to the EMG data port {}", where(opt_.emg_port)));
      data_.async_connect(
          data_endpoint_, guarded([this](const boost::system::error_code& ec) {
            if (ec) {
              fail_attempt(fmt::format("EMG data port {}: {}", where(opt_.emg_port), ec.message()));
              return;
            }
            begin_commands();
          }));
    } else if (phase_ == Phase::commands) {
      on_reply(line);
    }
    // Anything else the server says unasked (while streaming) is of no use to us.
  }

  void begin_commands() {
    phase_ = Phase::commands;
    commands_.clear();
    notes_.clear();
    for (const TrignoChannel& c : opt_.channels)
      commands_.push_back({fmt::format("SENSOR {} PAIRED?", c.sensor), Ask::paired});
    if (opt_.ask_rate) {
      commands_.push_back({fmt::format("SENSOR {} CHANNEL 1 RATE?", opt_.channels.front().sensor),
                           Ask::sensor_rate});
    }
    commands_.push_back({"START", Ask::start});
    command_index_ = 0;
    send_command();
  }

  void send_command() {
    const Command& c = commands_[command_index_];
    wire_ = trigno_command(c.text);
    arm_deadline(fmt::format("no answer to {} from {}", c.text, where(opt_.command_port)));
    asio::async_write(cmd_, asio::buffer(wire_),
                      guarded([this](const boost::system::error_code& ec, std::size_t) {
                        if (ec) {
                          fail_attempt(fmt::format("command port {}: {}", where(opt_.command_port),
                                                   ec.message()));
                        }
                      }));
  }

  void on_reply(const std::string& reply) {
    const Command c = commands_[command_index_];
    switch (c.ask) {
      case Ask::paired:
        if (reply != "YES") notes_ += fmt::format("; {} answered {}", c.text, reply);
        break;
      case Ask::sensor_rate:
      case Ask::base_rate:
        if (const auto rate = first_number(reply)) {
          if (!rate_agrees(*rate, c.text)) return;
        } else if (c.ask == Ask::sensor_rate) {
          // Older servers know only the base station's rate.
          commands_.insert(commands_.begin() + static_cast<std::ptrdiff_t>(command_index_) + 1,
                           Command{"RATE?", Ask::base_rate});
        } else {
          notes_ += fmt::format("; the server did not state its rate: {:.2f} Hz from the config",
                                opt_.rate_hz);
        }
        break;
      case Ask::start:
        if (reply != "OK") {
          fail_attempt(fmt::format("START answered \"{}\"", reply));
        } else {
          begin_streaming();
        }
        return;
    }
    ++command_index_;
    send_command();
  }

  bool rate_agrees(double rate, const std::string& asked) {
    if (std::abs(rate - opt_.rate_hz) <= opt_.rate_tolerance * opt_.rate_hz) return true;
    failure_ = fmt::format(
        "Delsys Trigno at {}: {} answered {:.3f} Hz, but rate_hz is {:.3f} Hz; set rate_hz = "
        "{:.3f} in the device profile (the EMG filters and the timeline depend on it)",
        where(opt_.command_port), asked, rate, opt_.rate_hz, rate);
    status_ = failure_;
    close_all();
    if (sink_ != nullptr) {  // for good: the session fails, naming why
      sink_->close(failure_);
      io_.stop();
    }
    return false;
  }

  void begin_streaming() {
    ++deadline_serial_;
    deadline_.cancel();
    phase_ = Phase::streaming;
    ++connections_;
    status_ = fmt::format("streaming from {}{}", where(opt_.emg_port), notes_);
    last_problem_.clear();
    if (connections_ == 1) {
      add_event({SourceEvent::Kind::connected, now_ns(), device_, banner_, 0.0});
    }
    rows_.reset();
    arm_watchdog();
    read_data();
  }

  void read_data() {
    data_.async_read_some(
        asio::buffer(data_buffer_),
        guarded([this](const boost::system::error_code& ec, std::size_t n) {
          const std::int64_t receipt = now_ns();
          if (ec) {
            link_lost(fmt::format("EMG data port {}: {}", where(opt_.emg_port), ec.message()));
            return;
          }
          const std::span<const std::uint8_t> bytes(data_buffer_.data(), n);
          if (sink_ != nullptr) {
            push_rows(bytes, receipt);
          } else if (const std::size_t rows = rows_.feed(bytes, ready_); rows > 0) {
            on_rows(rows, receipt);
          }
          arm_watchdog();
          read_data();
        }));
  }

  // Push: the rows this read completes, decoded straight into a claimed slot. No slot free,
  // they are decoded into scratch all the same (the tail of a row carries over) and the sink
  // has counted the loss; the counter moves on, so the timeline keeps the gap.
  void push_rows(std::span<const std::uint8_t> bytes, std::int64_t receipt) {
    const std::size_t rows = (rows_.tail_bytes() + bytes.size()) / kTrignoRowBytes;
    if (rows == 0) {
      rows_.feed(bytes, ready_);
      return;
    }
    const std::span<float> slot = sink_->claim(0, rows, opt_.channels.size());
    rows_.feed(bytes, slot.empty() ? std::span<float>(ready_) : slot);
    const std::int64_t first = take_counter(rows, receipt);
    if (!slot.empty()) sink_->commit({first, receipt, 0});
  }

  void on_rows(std::size_t rows, std::int64_t receipt) {
    ready_first_ = take_counter(rows, receipt);
    ready_rows_ = rows;
    ready_receipt_ns_ = receipt;
  }

  // The counter of the first of `rows` rows received at `receipt`, moved on past them.
  std::int64_t take_counter(std::size_t rows, std::int64_t receipt) {
    std::int64_t first = next_counter_;
    if (awaiting_resume_) {
      // The samples the server would have sent while we were away, by the host clock: the
      // session timeline keeps the gap instead of closing it up.
      const double away_s = static_cast<double>(receipt - last_data_ns_) * 1e-9;
      const auto elapsed = static_cast<std::int64_t>(std::llround(away_s * opt_.rate_hz));
      const std::int64_t gap = std::max<std::int64_t>(0, elapsed - static_cast<std::int64_t>(rows));
      first += gap;
      add_event({SourceEvent::Kind::resumed,
                 receipt,
                 device_,
                 {},
                 static_cast<double>(gap) / opt_.rate_hz});
      awaiting_resume_ = false;
    }
    next_counter_ = first + static_cast<std::int64_t>(rows);
    last_data_ns_ = receipt;
    attempts_ = 0;
    backoff_.reset();
    return first;
  }

  void add_event(SourceEvent e) {
    std::lock_guard lock(events_mutex_);
    events_.push_back(std::move(e));
  }

  void arm_deadline(std::string what) {
    const std::uint64_t serial = ++deadline_serial_;
    deadline_.expires_after(seconds(opt_.reply_timeout_s));
    deadline_.async_wait(
        guarded([this, serial, what = std::move(what)](const boost::system::error_code& ec) {
          if (ec || serial != deadline_serial_) return;
          fail_attempt(fmt::format("{} within {:.1f} s", what, opt_.reply_timeout_s));
        }));
  }

  void arm_watchdog() {
    const std::uint64_t serial = ++watchdog_serial_;
    watchdog_.expires_after(seconds(opt_.data_timeout_s));
    watchdog_.async_wait(guarded([this, serial](const boost::system::error_code& ec) {
      if (ec || serial != watchdog_serial_) return;
      link_lost(
          fmt::format("no data from {} for {:.1f} s", where(opt_.emg_port), opt_.data_timeout_s));
    }));
  }

  void link_lost(const std::string& detail) {
    if (phase_ != Phase::streaming) {
      fail_attempt(detail);
      return;
    }
    add_event({SourceEvent::Kind::lost, now_ns(), device_, detail, 0.0});
    // A link that never delivered a row since START has nothing to resume from.
    awaiting_resume_ = last_data_ns_ != 0;
    fail_attempt(detail);
  }

  void fail_attempt(const std::string& detail) {
    close_all();
    last_problem_ = detail;
    const double delay = backoff_.next_delay_s();
    phase_ = Phase::retry_wait;
    status_ = fmt::format("{}; retrying in {:.1f} s (attempt {})", detail, delay, attempts_ + 1);
    retry_.expires_after(seconds(delay));
    retry_.async_wait(guarded([this](const boost::system::error_code& ec) {
      if (!ec) start_attempt();
    }));
  }

  void close_all() {
    ++generation_;
    boost::system::error_code ignored;
    cmd_.close(ignored);
    data_.close(ignored);
    resolver_.cancel();
    deadline_.cancel();
    watchdog_.cancel();
    retry_.cancel();
    lines_.clear();
    rows_.reset();
  }

  DelsysTrignoOptions opt_;
  SourceLayout layout_;
  std::string failure_;
  std::string status_;
  std::string banner_;
  std::string notes_;
  std::string last_problem_;  // why the last attempt failed, kept while the next one runs
  std::mutex events_mutex_;   // events_: the socket thread adds, any thread takes (push)
  std::vector<SourceEvent> events_;
  BlockSink* sink_ = nullptr;  // set by push_into, before thread_ starts
  std::thread thread_;

  asio::io_context io_;
  tcp::resolver resolver_{io_};
  tcp::socket cmd_{io_};
  tcp::socket data_{io_};
  tcp::endpoint data_endpoint_;
  asio::steady_timer deadline_{io_};
  asio::steady_timer watchdog_{io_};
  asio::steady_timer retry_{io_};
  std::uint64_t generation_ = 0;
  std::uint64_t deadline_serial_ = 0;
  std::uint64_t watchdog_serial_ = 0;

  Phase phase_ = Phase::connecting;
  ReconnectBackoff backoff_;
  int attempts_ = 0;
  std::vector<Command> commands_;
  std::size_t command_index_ = 0;
  std::string wire_;
  std::array<char, 1024> cmd_buffer_{};
  CommandLines lines_;

  std::array<std::uint8_t, kReadBytes> data_buffer_{};
  TrignoRows rows_;
  std::vector<float> ready_;  // rows decoded from the last read, not yet handed out
  std::vector<float> block_;  // the rows handed out last
  std::size_t ready_rows_ = 0;
  std::int64_t ready_first_ = 0;
  std::int64_t ready_receipt_ns_ = 0;

  std::string device_;
  std::uint64_t connections_ = 0;
  std::int64_t next_counter_ = 0;
  std::int64_t last_data_ns_ = 0;
  bool awaiting_resume_ = false;
};

DelsysTrignoSource::DelsysTrignoSource(DelsysTrignoOptions options)
    : link_(std::make_unique<Link>(std::move(options))) {}
DelsysTrignoSource::~DelsysTrignoSource() = default;
const SourceLayout& DelsysTrignoSource::layout() const {
  return link_->layout();
}
SourceStatus DelsysTrignoSource::next(SampleBlock& block) {
  return link_->next(block);
}
const std::string& DelsysTrignoSource::failure() const {
  return link_->failure();
}
std::vector<SourceEvent> DelsysTrignoSource::take_events() {
  return link_->take_events();
}
void DelsysTrignoSource::push_into(BlockSink& sink) {
  link_->push_into(sink);
}
const std::string& DelsysTrignoSource::status() const {
  return link_->status();
}
const std::string& DelsysTrignoSource::banner() const {
  return link_->banner();
}
std::uint64_t DelsysTrignoSource::connections() const {
  return link_->connections();
}

}  // namespace stridecue
