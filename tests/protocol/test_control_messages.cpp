// Control requests: USB setup packets and binary replies, serial command and reply lines.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

#include "frame_fixtures.hpp"
#include "protocol/control_messages.hpp"

using namespace stridecue;
using namespace stridecue::protocol;

namespace {

ChannelDescriptor emg_channel() {
  ChannelDescriptor c;
  c.name = "emg_gmed_left";
  c.quantity = Quantity::emg;
  c.side = Side::left;
  c.muscle = "gmed";
  c.unit = "V";
  c.scale = 2.98023224e-8f;  // 0.5 V full scale over 2^24 counts
  c.offset = -1.5e-6f;
  return c;
}

void put_f32(std::uint8_t* p, float v) {
  std::memcpy(p, &v, 4);  // the tests run on little-endian hosts, as the layout is
}

}  // namespace

TEST_CASE("Every command maps to its setup packet and back", "[protocol][control]") {
  const Command commands[] = {
      {Request::identify, 0, 0, 0},     {Request::get_stream, 1, 0, 0},
      {Request::get_channel, 2, 15, 0}, {Request::set_rate, 1, 0, 2000},
      {Request::start, 0, 0, 0},        {Request::stop, 0, 0, 0},
  };
  for (const Command& c : commands) {
    const ControlSetup s = to_setup(c);
    const auto back = parse_setup(s);
    INFO(to_string(c.request) << ": " << back.error);
    REQUIRE(back);
    CHECK(back.value->request == c.request);
    CHECK(back.value->stream == c.stream);
    CHECK(back.value->channel == c.channel);
    CHECK(back.value->rate_hz == c.rate_hz);
  }
  const ControlSetup channel = to_setup({Request::get_channel, 2, 15, 0});
  CHECK(channel.request_type == 0xC0);
  CHECK(channel.request == 0x03);
  CHECK(channel.value == 2);
  CHECK(channel.index == 15);
  CHECK(channel.length == 64);
  const ControlSetup rate = to_setup({Request::set_rate, 1, 0, 2000});
  CHECK(rate.request_type == 0x40);
  CHECK(rate.value == 2000);
  CHECK(rate.index == 1);
  CHECK(rate.length == 0);
}

TEST_CASE("Malformed setup packets are refused with the field named", "[protocol][control]") {
  ControlSetup s = to_setup({Request::identify, 0, 0, 0});
  s.request = 0x07;
  CHECK_THAT(parse_setup(s).error, Catch::Contains("bRequest 0x07"));
  s = to_setup({Request::identify, 0, 0, 0});
  s.request_type = 0x40;
  CHECK_THAT(parse_setup(s).error, Catch::Contains("bmRequestType 0x40"));
  s = to_setup({Request::get_stream, 0, 0, 0});
  s.length = 31;
  CHECK_THAT(parse_setup(s).error, Catch::Contains("wLength 31"));
  s = to_setup({Request::get_stream, 0, 0, 0});
  s.index = kMaxStreams;
  CHECK_THAT(parse_setup(s).error, Catch::Contains("wIndex 8"));
  s = to_setup({Request::get_channel, 0, 0, 0});
  s.index = 64;
  CHECK_THAT(parse_setup(s).error, Catch::Contains("wIndex 64"));
  s = to_setup({Request::set_rate, 0, 0, 1});
  s.value = 0;
  CHECK_THAT(parse_setup(s).error, Catch::Contains("0 Hz"));
}

TEST_CASE("Identity, stream and channel descriptors round-trip in binary", "[protocol][control]") {
  const DeviceDescription d = test::split_belt_description();
  const auto id = parse_identity(encode_identity(d.identity));
  REQUIRE(id);
  CHECK(id.value->kind == DeviceKind::force_plate);
  CHECK(id.value->streams == 1);
  CHECK(id.value->serial == "0042");
  CHECK(id.value->model == "SC-FP2");
  CHECK(id.value->firmware == "1.0.3");

  const auto stream = parse_stream(encode_stream(d.streams[0]));
  REQUIRE(stream);
  CHECK(stream.value->name == "force");
  CHECK(stream.value->rate_hz == 1000.0f);
  CHECK(stream.value->channels == 2);
  CHECK(stream.value->format == SampleFormat::int16);
  CHECK(stream.value->samples_per_frame == 2);

  const auto force = parse_channel(encode_channel(d.channels[0][1]));
  REQUIRE(force);
  CHECK(force.value->name == "right_fz");
  CHECK(force.value->quantity == Quantity::force_z);
  CHECK(force.value->plate == Plate::right);
  CHECK_FALSE(force.value->side);
  CHECK(force.value->scale == 0.5f);
  CHECK(force.value->offset == 10.0f);

  const auto emg = parse_channel(encode_channel(emg_channel()));
  REQUIRE(emg);
  CHECK(emg.value->side == Side::left);
  CHECK_FALSE(emg.value->plate);
  CHECK(emg.value->muscle == "gmed");
  CHECK(emg.value->unit == "V");
  CHECK(emg.value->scale == emg_channel().scale);
  CHECK(emg.value->offset == emg_channel().offset);
}

TEST_CASE("Binary descriptor layouts sit at the documented offsets", "[protocol][control]") {
  const auto b = encode_channel(emg_channel());
  CHECK(std::string(reinterpret_cast<const char*>(b.data())) == "emg_gmed_left");
  CHECK(b[24] == static_cast<std::uint8_t>(Quantity::emg));
  CHECK(b[25] == 0xFF);  // no plate
  CHECK(b[26] == 0);     // left
  CHECK(std::string(reinterpret_cast<const char*>(b.data() + 36)) == "gmed");
  CHECK(std::string(reinterpret_cast<const char*>(b.data() + 48)) == "V");
  const auto s = encode_stream(test::split_belt_description().streams[0]);
  float rate = 0;
  std::memcpy(&rate, s.data() + 16, 4);
  CHECK(rate == 1000.0f);
  CHECK(s[20] == 2);
  CHECK(s[22] == 1);  // int16
  CHECK(s[24] == 2);
}

TEST_CASE("Binary descriptor parsers name the bad field and its offset", "[protocol][control]") {
  const DeviceDescription d = test::split_belt_description();
  auto id = encode_identity(d.identity);
  CHECK_THAT(parse_identity(std::span(id).first(63)).error, Catch::Contains("63 bytes"));
  id[0] = 2;
  CHECK_THAT(parse_identity(id).error, Catch::Contains("version 2 at byte 0"));
  id = encode_identity(d.identity);
  id[2] = 9;
  CHECK_THAT(parse_identity(id).error, Catch::Contains("stream count 9 at byte 2"));
  id = encode_identity(d.identity);
  id[6] = ' ';  // inside the serial "0042"
  CHECK_THAT(parse_identity(id).error, Catch::Contains("serial at byte 4"));
  id = encode_identity(d.identity);
  id[21 + 10] = 'x';  // after the model's terminating NUL
  CHECK_THAT(parse_identity(id).error, Catch::Contains("byte 31"));
  id = encode_identity(d.identity);
  id[20] = 0;  // empty model
  id[21] = 0;
  id[22] = 0;
  id[23] = 0;
  id[24] = 0;
  id[25] = 0;
  CHECK_THAT(parse_identity(id).error, Catch::Contains("model at byte 20: empty"));

  auto s = encode_stream(d.streams[0]);
  put_f32(s.data() + 16, std::nanf(""));
  CHECK_THAT(parse_stream(s).error, Catch::Contains("at byte 16"));
  s = encode_stream(d.streams[0]);
  s[20] = 65;
  CHECK_THAT(parse_stream(s).error, Catch::Contains("channels 65 at byte 20"));
  s = encode_stream(d.streams[0]);
  s[22] = 4;
  CHECK_THAT(parse_stream(s).error, Catch::Contains("format 4 at byte 22"));
  s = encode_stream(d.streams[0]);
  s[24] = 0;
  CHECK_THAT(parse_stream(s).error, Catch::Contains("samples per frame 0 at byte 24"));

  auto c = encode_channel(d.channels[0][0]);
  c[24] = 8;
  CHECK_THAT(parse_channel(c).error, Catch::Contains("quantity 8 at byte 24"));
  c = encode_channel(d.channels[0][0]);
  c[25] = 11;
  CHECK_THAT(parse_channel(c).error, Catch::Contains("plate 11 at byte 25"));
  c = encode_channel(d.channels[0][0]);
  c[25] = 0xFF;
  CHECK_THAT(parse_channel(c).error, Catch::Contains("needs a plate"));
  c = encode_channel(d.channels[0][0]);
  put_f32(c.data() + 28, 0.0f);
  CHECK_THAT(parse_channel(c).error, Catch::Contains("scale 0 at byte 28"));
  c = encode_channel(d.channels[0][0]);
  put_f32(c.data() + 32, INFINITY);
  CHECK_THAT(parse_channel(c).error, Catch::Contains("at byte 32"));
}

TEST_CASE("Encoders refuse what the layout cannot carry", "[protocol][control]") {
  Identity id = test::split_belt_description().identity;
  id.model = std::string(25, 'M');
  CHECK_THROWS_WITH(encode_identity(id), Catch::Contains("model") && Catch::Contains("25"));
  id.model = "has space";
  CHECK_THROWS_WITH(encode_identity(id), Catch::Contains("character 3"));
  ChannelDescriptor c = emg_channel();
  c.plate = Plate::left;
  CHECK_THROWS_WITH(encode_channel(c), Catch::Contains("not a plate"));
  StreamDescriptor s;
  s.name = "emg";
  s.rate_hz = -1.0f;
  CHECK_THROWS_WITH(encode_stream(s), Catch::Contains("rate -1"));
}

TEST_CASE("Serial command lines round-trip and end in CR LF", "[protocol][serial]") {
  CHECK(encode_command_line({Request::identify, 0, 0, 0}) == "IDENTIFY\r\n");
  CHECK(encode_command_line({Request::get_channel, 1, 12, 0}) == "GET_CHANNEL 1 12\r\n");
  CHECK(encode_command_line({Request::set_rate, 0, 0, 2000}) == "SET_RATE 0 2000\r\n");
  const Command commands[] = {
      {Request::identify, 0, 0, 0},     {Request::get_stream, 3, 0, 0},
      {Request::get_channel, 1, 63, 0}, {Request::set_rate, 7, 0, 65535},
      {Request::start, 0, 0, 0},        {Request::stop, 0, 0, 0},
  };
  for (const Command& c : commands) {
    const auto back = parse_command_line(encode_command_line(c));
    INFO(encode_command_line(c) << back.error);
    REQUIRE(back);
    CHECK(back.value->request == c.request);
    CHECK(back.value->stream == c.stream);
    CHECK(back.value->channel == c.channel);
    CHECK(back.value->rate_hz == c.rate_hz);
  }
  CHECK(parse_command_line("START"));  // without the line end too
}

TEST_CASE("Bad serial command lines are refused with the word named", "[protocol][serial]") {
  CHECK_THAT(parse_command_line("\r\n").error, Catch::Contains("empty line"));
  CHECK_THAT(parse_command_line("RESET\r\n").error, Catch::Contains("\"RESET\""));
  CHECK_THAT(parse_command_line("GET_STREAM\r\n").error, Catch::Contains("0 arguments"));
  CHECK_THAT(parse_command_line("GET_STREAM x\r\n").error, Catch::Contains("stream \"x\""));
  CHECK_THAT(parse_command_line("GET_STREAM 8\r\n").error, Catch::Contains("stream \"8\""));
  CHECK_THAT(parse_command_line("GET_CHANNEL 0 64\r\n").error, Catch::Contains("channel \"64\""));
  CHECK_THAT(parse_command_line("SET_RATE 0 0\r\n").error, Catch::Contains("rate \"0\""));
  CHECK_THAT(parse_command_line("SET_RATE 0 70000\r\n").error, Catch::Contains("rate \"70000\""));
  CHECK_THAT(parse_command_line("START\tnow").error, Catch::Contains("0x09 at column 6"));
  CHECK_THAT(parse_command_line(std::string(300, 'A')).error, Catch::Contains("300 characters"));
}

TEST_CASE("Serial reply lines round-trip every descriptor", "[protocol][serial]") {
  const DeviceDescription d = test::split_belt_description();
  const std::string identity = encode_identity_line(d.identity);
  CHECK(identity ==
        "OK IDENTIFY version=1 kind=force_plate streams=1 serial=0042 model=SC-FP2 "
        "firmware=1.0.3\r\n");
  const auto id = parse_identity_line(identity);
  REQUIRE(id);
  CHECK(id.value->model == "SC-FP2");
  CHECK(id.value->serial == "0042");

  const std::string stream = encode_stream_line(0, d.streams[0]);
  CHECK(stream == "OK STREAM 0 name=force rate=1000 channels=2 format=int16 samples=2\r\n");
  const auto s = parse_stream_line(stream, 0);
  REQUIRE(s);
  CHECK(s.value->rate_hz == 1000.0f);
  CHECK(s.value->format == SampleFormat::int16);
  CHECK_THAT(parse_stream_line(stream, 1).error,
             Catch::Contains("word 3 is \"0\", expected \"1\""));

  const std::string force = encode_channel_line(0, 0, d.channels[0][0]);
  CHECK(force ==
        "OK CHANNEL 0 0 name=left_fz quantity=fz plate=left side=- muscle=- unit=N scale=0.5 "
        "offset=10\r\n");
  const auto emg_line = encode_channel_line(1, 3, emg_channel());
  const auto emg = parse_channel_line(emg_line, 1, 3);
  INFO(emg_line << emg.error);
  REQUIRE(emg);
  CHECK(emg.value->scale == emg_channel().scale);  // shortest round-trip text keeps every bit
  CHECK(emg.value->offset == emg_channel().offset);
  CHECK(emg.value->side == Side::left);
  CHECK(emg.value->muscle == "gmed");
  CHECK_FALSE(emg.value->plate);

  const Command rate{Request::set_rate, 0, 0, 2000};
  CHECK(encode_ack_line(rate) == "OK SET_RATE 0 2000\r\n");
  CHECK(check_ack_line("OK SET_RATE 0 2000\r\n", rate).empty());
  CHECK_THAT(check_ack_line("OK SET_RATE 0 1000\r\n", rate), Catch::Contains("\"1000\""));
  CHECK(check_ack_line(encode_ack_line({Request::start, 0, 0, 0}), {Request::start, 0, 0, 0})
            .empty());
  CHECK_THAT(check_ack_line("OK STOP\r\n", {Request::start, 0, 0, 0}),
             Catch::Contains("\"STOP\", expected START"));
}

TEST_CASE("Bad serial reply lines are refused with the key named", "[protocol][serial]") {
  CHECK_THAT(parse_identity_line("OK IDENTIFY version=1 kind=toaster streams=1 serial=- model=X "
                                 "firmware=-")
                 .error,
             Catch::Contains("kind=toaster"));
  CHECK_THAT(
      parse_identity_line("OK IDENTIFY version=1 kind=emg streams=1 serial=- firmware=-").error,
      Catch::Contains("model= missing"));
  CHECK_THAT(parse_identity_line("OK IDENTIFY version=1 version=1").error,
             Catch::Contains("version given twice"));
  CHECK_THAT(parse_identity_line("OK IDENTIFY version=1 kind").error,
             Catch::Contains("\"kind\" is not key=value"));
  CHECK_THAT(
      parse_stream_line("OK STREAM 0 name=emg rate=fast channels=16 format=int24 samples=20", 0)
          .error,
      Catch::Contains("rate=fast"));
  CHECK_THAT(
      parse_stream_line("OK STREAM 0 name=emg rate=2000 channels=99 format=int24 samples=20", 0)
          .error,
      Catch::Contains("channels 99"));
  CHECK_THAT(parse_channel_line("OK CHANNEL 0 0 name=a quantity=fz plate=moon side=- muscle=- "
                                "unit=N scale=1 offset=0",
                                0, 0)
                 .error,
             Catch::Contains("plate=moon"));
  CHECK_THAT(parse_channel_line("OK CHANNEL 0 0 name=a quantity=emg plate=- side=- muscle=- "
                                "unit=V scale=1 offset=0",
                                0, 0)
                 .error,
             Catch::Contains("emg needs a side"));
  CHECK_THAT(parse_channel_line("hello", 0, 0).error, Catch::Contains("first word \"hello\""));
}

TEST_CASE("An ERR reply becomes an error quoting the device", "[protocol][serial]") {
  const std::string err = encode_error_line(Request::get_stream, "no stream 3\nreally");
  CHECK(err == "ERR GET_STREAM no stream 3 really\r\n");
  CHECK_THAT(parse_stream_line(err, 3).error, Catch::Contains("GET_STREAM refused by the device") &&
                                                  Catch::Contains("no stream 3 really"));
}
