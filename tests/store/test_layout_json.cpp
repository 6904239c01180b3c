// A source layout survives the trip through JSON exactly, and a broken one is refused by name.
#include <catch2/catch.hpp>

#include "store/layout_json.hpp"

using namespace stridecue;
using Json = nlohmann::json;

namespace {

SourceLayout full_layout() {
  SourceLayout layout;
  StreamInfo force{"force", 1000.0 / 3.0, -0.0123456789012345, {}};
  force.channels.push_back({"left_fz_n", Quantity::force_z, Plate::left, std::nullopt, ""});
  force.channels.push_back({"right_copx_m", Quantity::cop_x, Plate::right, std::nullopt, ""});
  force.channels.push_back({"fp3_tz", Quantity::torque_z, Plate::floor3, std::nullopt, ""});
  force.channels.push_back({"belt_fx", Quantity::force_x, Plate::belt, std::nullopt, ""});
  force.channels.push_back({"aux", Quantity::other, std::nullopt, std::nullopt, ""});
  StreamInfo emg{"emg", 2000.0, 0.1, {}};
  emg.channels.push_back({"emg_gmed_left_v", Quantity::emg, std::nullopt, Side::left, "gmed"});
  emg.channels.push_back({"emg_gmax_right_v", Quantity::emg, std::nullopt, Side::right, "gmax"});
  layout.streams = {force, emg, StreamInfo{"empty", 1.0, 0.0, {}}};
  return layout;
}

}  // namespace

TEST_CASE("a layout round-trips through JSON text exactly") {
  const SourceLayout in = full_layout();
  const SourceLayout out = layout_from_json(Json::parse(layout_to_json(in).dump()));
  REQUIRE(out.streams.size() == in.streams.size());
  for (std::size_t s = 0; s < in.streams.size(); ++s) {
    const StreamInfo& a = in.streams[s];
    const StreamInfo& b = out.streams[s];
    CHECK(b.name == a.name);
    CHECK(b.rate_hz == a.rate_hz);  // bit for bit: 333.333…
    CHECK(b.start_time_s == a.start_time_s);
    REQUIRE(b.channels.size() == a.channels.size());
    for (std::size_t c = 0; c < a.channels.size(); ++c) {
      INFO("stream " << s << " channel " << c);
      CHECK(b.channels[c].name == a.channels[c].name);
      CHECK(b.channels[c].quantity == a.channels[c].quantity);
      CHECK(b.channels[c].plate == a.channels[c].plate);
      CHECK(b.channels[c].side == a.channels[c].side);
      CHECK(b.channels[c].muscle == a.channels[c].muscle);
    }
  }
}

TEST_CASE("a broken layout is refused, naming the field") {
  Json j = layout_to_json(full_layout());
  SECTION("unknown quantity") {
    j["streams"][0]["channels"][1]["quantity"] = "speed";
    CHECK_THROWS_WITH(layout_from_json(j), Catch::Contains("streams[0].channels[1].quantity") &&
                                               Catch::Contains("speed"));
  }
  SECTION("unknown plate") {
    j["streams"][0]["channels"][0]["plate"] = "floor9";
    CHECK_THROWS_WITH(layout_from_json(j), Catch::Contains("streams[0].channels[0].plate"));
  }
  SECTION("missing rate") {
    j["streams"][1].erase("rate_hz");
    CHECK_THROWS_WITH(layout_from_json(j),
                      Catch::Contains("streams[1]") && Catch::Contains("rate_hz"));
  }
  SECTION("not an array") {
    j["streams"] = 3;
    CHECK_THROWS_WITH(layout_from_json(j), Catch::Contains("streams: not an array"));
  }
}
