// The output pump over a real pipe: a reader that does not read costs dropped text, counted,
// never a wait; a reader that closes its end makes closed() true without a SIGPIPE killing the
// process; a reader that reads gets every byte, in order.
#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <string>
#include <thread>

#include "live/output_pump.hpp"

using namespace stridecue;

namespace {

struct Pipe {
  int read_end = -1, write_end = -1;
  Pipe() {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    read_end = fds[0];
    write_end = fds[1];
  }
  ~Pipe() {
    close_read();
    if (write_end >= 0) ::close(write_end);
  }
  void close_read() {
    if (read_end >= 0) ::close(read_end);
    read_end = -1;
  }
  // Everything the pipe holds now (without waiting for more).
  std::string drain() const {
    ::fcntl(read_end, F_SETFL, O_NONBLOCK);
    std::string out;
    char buffer[4096];
    for (ssize_t n; (n = ::read(read_end, buffer, sizeof buffer)) > 0;)
      out.append(buffer, static_cast<std::size_t>(n));
    return out;
  }
};

std::string line(int i) {
  return "stride " + std::to_string(i) + " " + std::string(500, 'x') + "\n";
}

bool eventually(const std::function<bool()>& condition) {
  for (int i = 0; i < 10'000 && !condition(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return condition();
}

}  // namespace

TEST_CASE("output pump: a reader that does not read costs drops and never a wait", "[output]") {
  Pipe pipe;
  OutputPump pump(pipe.write_end, 16 * 1024);
  constexpr int kLines = 2000;  // ~1 MB: more than the pipe and the queue hold
  std::size_t total = 0;
  for (int i = 0; i < kLines; ++i) {
    std::fputs(line(i).c_str(), pump.file());
    total += line(i).size();
  }
  // Every line was handed over at once, while nobody read: what the pipe (64 KiB) and the
  // queue (16 KiB) could not hold was dropped rather than waited for.
  CHECK(pump.bytes_dropped() > 0);
  REQUIRE(eventually([&] { return pump.bytes_written() > 0; }));
  // Giving up drops what is still queued: every byte is then written or counted as dropped.
  pump.finish(0);
  CHECK(pump.bytes_written() + pump.bytes_dropped() == total);

  // What did reach the pipe is whole lines, in order.
  const std::string got = pipe.drain();
  CHECK(got.size() == pump.bytes_written());
  int last = -1;
  for (std::size_t at = 0; at < got.size();) {
    const std::size_t end = got.find('\n', at);
    REQUIRE(end != std::string::npos);
    const int n = std::stoi(got.substr(at + 7));
    CHECK(got.substr(at, end + 1 - at) == line(n));
    CHECK(n > last);
    last = n;
    at = end + 1;
  }
  CHECK(last >= 0);
}

TEST_CASE("output pump: a reader that reads gets everything", "[output]") {
  Pipe pipe;
  std::string got;
  std::thread reader([&] {
    char buffer[4096];
    for (ssize_t n; (n = ::read(pipe.read_end, buffer, sizeof buffer)) > 0;)
      got.append(buffer, static_cast<std::size_t>(n));
  });
  std::string expected;
  {
    OutputPump pump(pipe.write_end);
    for (int i = 0; i < 500; ++i) {
      std::fputs(line(i).c_str(), pump.file());
      expected += line(i);
    }
    pump.finish(30'000);
    CHECK(pump.bytes_dropped() == 0);
  }
  ::close(pipe.write_end);
  pipe.write_end = -1;
  reader.join();
  CHECK(got == expected);
}

TEST_CASE("output pump: a reader that closes makes it closed without a SIGPIPE", "[output]") {
  Pipe pipe;
  OutputPump pump(pipe.write_end);
  std::fputs(line(0).c_str(), pump.file());
  REQUIRE(eventually([&] { return pump.bytes_written() == line(0).size(); }));
  pipe.close_read();
  // The next write meets EPIPE (a SIGPIPE would have ended this test program).
  std::fputs(line(1).c_str(), pump.file());
  REQUIRE(eventually([&] { return pump.closed(); }));
  std::fputs(line(2).c_str(), pump.file());
  pump.finish(1000);
  CHECK(pump.bytes_dropped() == 2 * line(1).size());
}
