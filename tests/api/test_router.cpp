// route_request as a function: paths, methods, bodies and content types, no sockets.
#include <catch2/catch.hpp>

#include <optional>

#include "api/router.hpp"
#include "fake_handler.hpp"

using stridecue::ApiRequest;
using stridecue::RoutedReply;
using stridecue::test::FakeHandler;

namespace {

// The fake handler replies before route_request returns: its reply, taken at once.
RoutedReply route_request(const ApiRequest& request, stridecue::ControlHandler& handler) {
  std::optional<RoutedReply> reply;
  stridecue::route_request(request, handler, [&](RoutedReply r) { reply = std::move(r); });
  REQUIRE(reply);
  return *reply;
}

}  // namespace

TEST_CASE("router: each route reaches its handler call", "[api][router]") {
  FakeHandler handler;
  CHECK(route_request({"GET", "/api/v1/status", "", ""}, handler).reply.body["strides"] == 42);
  CHECK(route_request({"GET", "/api/v1/settings/", "", ""}, handler).reply.status == 200);
  CHECK(route_request({"GET", "/api/v1/settings/schema", "", ""}, handler).reply.status == 200);
  CHECK(route_request({"PATCH", "/api/v1/settings", "application/json; charset=utf-8",
                       R"({"cue.refractory_s": 2})"},
                      handler)
            .reply.status == 200);
  CHECK(route_request({"POST", "/api/v1/session/start", "", ""}, handler).reply.status == 201);
  CHECK(route_request({"POST", "/api/v1/session/stop", "", ""}, handler).reply.status == 200);
  CHECK(
      route_request(
          {"POST", "/api/v1/baseline/reset?x=1", "Application/JSON", R"({"side":"left"})"}, handler)
          .reply.body["reset"] == "left");
  CHECK(handler.calls() == std::vector<std::string>{"status", "settings", "schema",
                                                    R"(patch {"cue.refractory_s":2})", "start {}",
                                                    "stop", R"(baseline {"side":"left"})"});
}

TEST_CASE("router: device actions by name, and the older tare path", "[api][router]") {
  FakeHandler handler;
  CHECK(route_request({"GET", "/api/v1/devices/actions", "", ""}, handler)
            .reply.body["actions"][0]["action"] == "tare");
  CHECK(route_request({"POST", "/api/v1/devices/plates/tare", "", ""}, handler).reply.status ==
        202);
  CHECK(route_request({"POST", "/api/v1/plates/tare", "", ""}, handler).reply.status == 202);
  const auto unknown = route_request({"POST", "/api/v1/devices/emg/zero/", "", ""}, handler);
  CHECK(unknown.reply.status == 404);
  CHECK(unknown.reply.body["error"] == "no device action emg/zero here (there are: plates/tare)");
  // Segments are whole: none empty, none more.
  CHECK(route_request({"POST", "/api/v1/devices//tare", "", ""}, handler).reply.status == 404);
  CHECK(route_request({"POST", "/api/v1/devices/plates/tare/now", "", ""}, handler).reply.status ==
        404);
  const auto wrong = route_request({"GET", "/api/v1/devices/plates/tare", "", ""}, handler);
  CHECK(wrong.reply.status == 405);
  CHECK(wrong.allow == "POST");
  CHECK(handler.calls() == std::vector<std::string>{"actions", "action plates/tare",
                                                    "action plates/tare", "action emg/zero"});
}

TEST_CASE("router: unknown paths are 404 and wrong methods 405 with Allow", "[api][router]") {
  FakeHandler handler;
  const auto missing = route_request({"GET", "/api/v1/nothing", "", ""}, handler);
  CHECK(missing.reply.status == 404);
  CHECK(missing.reply.body["error"] == "no such resource: /api/v1/nothing");
  const auto wrong = route_request({"DELETE", "/api/v1/settings", "", ""}, handler);
  CHECK(wrong.reply.status == 405);
  CHECK(wrong.allow == "GET, PATCH");
  CHECK(handler.calls().empty());
}

TEST_CASE("router: bodies must be JSON objects of type application/json", "[api][router]") {
  FakeHandler handler;
  const auto text = route_request({"PATCH", "/api/v1/settings", "text/plain", "a=1"}, handler);
  CHECK(text.reply.status == 415);
  CHECK(text.reply.body["error"] ==
        "the request body must be application/json, got Content-Type text/plain");

  const auto broken =
      route_request({"PATCH", "/api/v1/settings", "application/json", "{\"a\": }"}, handler);
  CHECK(broken.reply.status == 400);
  const std::string message = broken.reply.body["error"];
  CHECK_THAT(message, Catch::Contains("malformed JSON") && Catch::Contains("line 1, column 7"));

  const auto array =
      route_request({"PATCH", "/api/v1/settings", "application/json", "[1]"}, handler);
  CHECK(array.reply.status == 400);
  CHECK(array.reply.body["error"] == "the request body must be a JSON object, got array");

  const auto empty = route_request({"PATCH", "/api/v1/settings", "application/json", " "}, handler);
  CHECK(empty.reply.status == 400);
  CHECK(handler.calls().empty());
}

TEST_CASE("router: a handler's field error and exceptions come back as JSON", "[api][router]") {
  FakeHandler handler;
  const auto rejected = route_request(
      {"PATCH", "/api/v1/settings", "application/json", R"({"cue.unknown": 1})"}, handler);
  CHECK(rejected.reply.status == 400);
  CHECK(rejected.reply.body["field"] == "cue.unknown");

  struct Throwing : FakeHandler {
    nlohmann::json status() override { throw std::runtime_error("engine gone"); }
  } throwing;
  const auto failed = route_request({"GET", "/api/v1/status", "", ""}, throwing);
  CHECK(failed.reply.status == 500);
  CHECK(failed.reply.body["error"] == "internal error: engine gone");
}

TEST_CASE("router: the stream path without an upgrade is 426", "[api][router]") {
  FakeHandler handler;
  const auto plain = route_request({"GET", "/api/v1/stream", "", ""}, handler);
  CHECK(plain.stream_route);
  CHECK(plain.reply.status == 426);
  CHECK_FALSE(route_request({"GET", "/api/v1/status", "", ""}, handler).stream_route);
}

TEST_CASE("router: the stored sessions and their reports, format and download from the query",
          "[api][router][reports]") {
  FakeHandler handler;
  CHECK(
      route_request({"GET", "/api/v1/sessions", "", ""}, handler).reply.body["sessions"][0]["id"] ==
      3);
  route_request({"GET", "/api/v1/sessions?runner=R%2017", "", ""}, handler);
  route_request({"GET", "/api/v1/sessions?runner=", "", ""}, handler);

  const auto pdf = route_request({"GET", "/api/v1/sessions/3/report", "", ""}, handler);
  REQUIRE(pdf.reply.document);
  CHECK(pdf.reply.document->content_type == "application/pdf");
  CHECK(pdf.reply.document->filename == "session-3.pdf");
  CHECK_FALSE(pdf.reply.document->attachment);
  const auto svg =
      route_request({"GET", "/api/v1/sessions/3/report?format=SVG&download=1", "", ""}, handler);
  REQUIRE(svg.reply.document);
  CHECK(svg.reply.document->filename == "session-3.svg");
  CHECK(svg.reply.document->attachment);
  const auto progress =
      route_request({"GET", "/api/v1/runners/R%2017/report?format=html", "", ""}, handler);
  REQUIRE(progress.reply.document);
  CHECK(progress.reply.document->filename == "progress-R_17.html");

  CHECK(handler.calls() == std::vector<std::string>{"sessions (all)", "sessions R 17",
                                                    "sessions (all)", "session report 3 pdf",
                                                    "session report 3 svg download",
                                                    "runner report R 17 html"});
}

TEST_CASE("router: a report's bad format, download flag or session id is refused by name",
          "[api][router][reports]") {
  FakeHandler handler;
  const auto format =
      route_request({"GET", "/api/v1/sessions/3/report?format=png", "", ""}, handler);
  CHECK(format.reply.status == 400);
  CHECK(format.reply.body["error"] == "format png is not one of pdf, svg or html");
  CHECK(format.reply.body["field"] == "format");
  CHECK(route_request({"GET", "/api/v1/runners/R%2017/report?format=docx", "", ""}, handler)
            .reply.status == 400);
  const auto download =
      route_request({"GET", "/api/v1/sessions/3/report?download=maybe", "", ""}, handler);
  CHECK(download.reply.status == 400);
  CHECK(download.reply.body["field"] == "download");
  for (const char* id : {"0", "-1", "x", "3.5", "99999999999999999999"}) {
    const auto bad =
        route_request({"GET", std::string("/api/v1/sessions/") + id + "/report", "", ""}, handler);
    CHECK(bad.reply.status == 404);
    CHECK_THAT(bad.reply.body["error"].get<std::string>(),
               Catch::Contains("a session id is a positive whole number"));
  }
  CHECK(route_request({"GET", "/api/v1/sessions/3/report?format=%zz", "", ""}, handler)
            .reply.status == 400);
  // Only the handler says whether a session is stored.
  CHECK(route_request({"GET", "/api/v1/sessions/4/report", "", ""}, handler).reply.status == 404);
  CHECK(handler.calls() == std::vector<std::string>{"session report 4 pdf"});
  CHECK(route_request({"POST", "/api/v1/sessions/3/report", "", ""}, handler).allow == "GET");
  CHECK(stridecue::is_report_route("GET", "/api/v1/sessions/3/report?format=svg"));
  CHECK(stridecue::is_report_route("GET", "/api/v1/runners/R-017/report/"));
  CHECK_FALSE(stridecue::is_report_route("GET", "/api/v1/sessions"));
  CHECK_FALSE(stridecue::is_report_route("GET", "/api/v1/runners/R-017"));
}
