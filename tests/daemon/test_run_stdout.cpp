// `stridecue run` with its stdout on a pipe: a reader that does not read (`| sleep 45`) costs
// dropped lines, counted in the status, while the strides go on being stored and GET /status
// answers; a reader that closes the pipe ends the session cleanly (closed in the store, exit 0).
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "daemon/daemon_process.hpp"
#include "store/session_store.hpp"

using namespace stridecue;
using Json = nlohmann::json;

namespace {

// `stridecue run --format json` on the simulator at 20 × real time, stdout into a pipe this
// test holds (and does not read), stderr into DIR/run.log.
class RunWithPipe {
 public:
  explicit RunWithPipe(const std::filesystem::path& dir) : dir_(dir) {
    std::ofstream(dir / "stridecue.toml") << test::test_config(dir, "[audio]\nenabled = false\n");
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    read_end_ = fds[0];
    const std::string log = (dir / "run.log").string();
    const std::string config = (dir / "stridecue.toml").string();
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::dup2(fds[1], STDOUT_FILENO);
      ::close(fds[0]);
      ::close(fds[1]);
      if (std::freopen(log.c_str(), "w", stderr) == nullptr) ::_exit(127);
      ::execl(test::cli_path(), test::cli_path(), "run", "--config", config.c_str(), "--pace", "20",
              "--format", "json", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(fds[1]);
  }
  ~RunWithPipe() {
    close_reader();
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  void close_reader() {
    if (read_end_ >= 0) ::close(read_end_);
    read_end_ = -1;
  }
  std::string log() const { return test::read_file(dir_ / "run.log"); }
  int port() const {
    const std::string marker = "control API on http://127.0.0.1:";
    for (int i = 0; i < 1000; ++i) {
      const std::string text = log();
      if (const auto at = text.find(marker); at != std::string::npos)
        return std::atoi(text.c_str() + at + marker.size());
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    FAIL("stridecue run did not start its API; log:\n" << log());
    return 0;
  }
  // The exit status, waiting at most `seconds`.
  int wait_exit(double seconds) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    int status = 0;
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > until) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

 private:
  std::filesystem::path dir_;
  int read_end_ = -1;
  pid_t pid_ = -1;
};

}  // namespace

TEST_CASE("stridecue run into a pipe nobody reads stores on and answers and ends when it closes",
          "[daemon][stdout]") {
  test::TempDir dir("run-stdout");
  RunWithPipe run(dir.path());
  const ApiClient api(parse_api_url("127.0.0.1:" + std::to_string(run.port())), "");

  // A pipe holds 64 KiB, about 64 strides of JSON; the output queue then fills and drops.
  // The daemon meanwhile goes on: the status answers and the strides keep being stored.
  Json status;
  for (int i = 0; i < 1500; ++i) {
    status = Json::parse(api.request("GET", "/api/v1/status").body);
    if (status["output"]["bytes_dropped"].get<std::uint64_t>() > 0 &&
        status["recorder"]["rows_written"].get<std::uint64_t>() > 400)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(40));
  }
  INFO(status.dump());
  CHECK(status["output"]["bytes_dropped"].get<std::uint64_t>() > 0);
  CHECK_FALSE(status["output"]["closed"].get<bool>());
  CHECK(status["totals"]["strides"].get<std::uint64_t>() > 200);
  CHECK(status["recorder"]["rows_dropped"] == 0);

  // The reader goes away: the next write meets EPIPE and the run ends as if stopped.
  run.close_reader();
  CHECK(run.wait_exit(30.0) == 0);
  CHECK_THAT(run.log(), Catch::Contains("stdout was closed by its reader: ending the session"));
  CHECK_THAT(run.log(), Catch::Contains("bytes of output"));

  SessionReader reader((dir.path() / "sessions.db").string());
  const auto sessions = reader.list_sessions();
  REQUIRE(sessions.size() == 1);
  CHECK(sessions[0].ended_utc);  // closed in the store, with its summary
  CHECK(sessions[0].strides > 200);
  const auto details = reader.find_session(sessions[0].id);
  REQUIRE(details->summary_json);
  CHECK(Json::parse(*details->summary_json)["recorder"]["rows_dropped"] == 0);
}
