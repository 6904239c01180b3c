// Motion Analysis analog exports (.anc) through an EMG channel profile.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "drivers/drained_source.hpp"
#include "files/anc_reader.hpp"
#include "support/test_paths.hpp"
#include "support/value_or_error.hpp"

namespace stridecue {
namespace {

EmgChannelProfile emg_profile() {
  std::string error;
  auto profile = value_or_error(parse_emg_channel_profile(R"(
    name = "test_emg"
    [channels]
    GMED = { muscle = "gmed", side = "right" }
    TA = { muscle = "tibant", side = "left", gain = 1000.0 }
  )",
                                                          "test_emg.toml"),
                                &error);
  INFO(error);
  REQUIRE(profile.has_value());
  return *profile;
}

// As Motion Analysis writes it: tab-separated, trailing tabs, blank lines before the names.
std::string anc_file(const std::string& header_extra = "", const std::string& rows = "") {
  return "File_Type:\tAnalog R/C ASCII\tGeneration#:\t2\n"
         "Board_Type:\tNI USB-6225\tPolarity:\tBipolar\n"
         "Trial_Name:\tT\tTrial#:\t3\tDuration(Sec.):\t0.001500\t#Channels:\t3\n"
         "BitDepth:\t16\tPreciseRate:\t2000.000000\n" +
         header_extra +
         "\n"
         "\n"
         "Name\tF1Z\tTA\tGMED\t\n"
         "Rate\t2000\t2000\t2000\t\n"
         "Range\t5000\t1000\t2500\t\n" +
         (rows.empty() ? "0.000000\t7\t-100\t-59\t\n"
                         "0.000500\t8\t100\t-38\t\n"
                         "0.001000\t9\t32767\t0\t\n"
                         "0.001500\t10\t-32768\t16384\t\n"
                       : rows);
}

std::string failure_of(const std::string& text, const EmgChannelProfile& profile = emg_profile()) {
  return test::failure_reading<AncReader>(text, "t.anc", profile);
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

TEST_CASE("anc: EMG channels mapped by name, counts to volts with the Range row", "[anc]") {
  std::istringstream file(anc_file());
  AncReader reader(file, "t.anc", emg_profile());
  REQUIRE(reader.failure().empty());
  const SourceLayout& layout = reader.layout();
  REQUIRE(layout.streams.size() == 1);
  const StreamInfo& emg = layout.streams[0];
  CHECK(emg.name == "emg");
  CHECK(emg.rate_hz == 2000.0);
  CHECK(emg.start_time_s == 0.0);
  REQUIRE(emg.channels.size() == 2);  // the force plate channel is not exposed
  CHECK(emg.channels[0].name == "TA");
  CHECK(emg.channels[0].quantity == Quantity::emg);
  CHECK(emg.channels[0].side == Side::left);
  CHECK(emg.channels[0].muscle == "tibant");
  CHECK_FALSE(emg.channels[0].plate);
  CHECK(emg.channels[1].name == "GMED");
  CHECK(emg.channels[1].side == Side::right);
  CHECK(emg.channels[1].muscle == "gmed");
  // ±1 V over 2^15 counts, then the amplifier gain of 1000; ±2.5 V over 2^15 counts.
  REQUIRE(reader.volts_per_count().size() == 2);
  CHECK(reader.volts_per_count()[0] == Approx(1.0 / 32768.0 / 1000.0));
  CHECK(reader.volts_per_count()[1] == Approx(2.5 / 32768.0));

  const auto drained = test::drain(reader);
  REQUIRE(drained.status == SourceStatus::end);
  REQUIRE(drained.samples[0].size() == 4 * 2);
  const auto& s = drained.samples[0];
  CHECK(s[0] == Approx(-100.0 / 32768.0 / 1000.0));
  CHECK(s[1] == Approx(-59.0 * 2.5 / 32768.0));
  CHECK(s[4] == Approx(32767.0 / 32768.0 / 1000.0));
  CHECK(s[5] == 0.0F);
  CHECK(s[6] == Approx(-1.0 / 1000.0));
  CHECK(s[7] == Approx(1.25));
}

TEST_CASE("anc: blocks of 256 frames, counted on from the first", "[anc]") {
  std::string rows;
  for (int i = 0; i < 600; ++i)
    rows += std::to_string(0.5 + i * 0.0005) + "\t0\t" + std::to_string(i) + "\t1\n";
  std::istringstream file(replace(anc_file("", rows), "0.001500", "0.299500"));
  AncReader reader(file, "t.anc", emg_profile());
  REQUIRE(reader.failure().empty());
  CHECK(reader.layout().streams[0].start_time_s == 0.5);
  const auto drained = test::drain(reader);
  REQUIRE(drained.status == SourceStatus::end);
  REQUIRE(drained.blocks.size() == 3);
  CHECK(drained.blocks[1].first_sample == 256);
  CHECK(drained.blocks[2].frames == 600 - 512);
  CHECK(drained.samples[0][2 * 599] == Approx(599.0 / 32768.0 / 1000.0));
}

TEST_CASE("anc: a header without BitDepth, PreciseRate or Duration", "[anc]") {
  std::string text = anc_file();
  text = replace(text, "BitDepth:\t16\tPreciseRate:\t2000.000000\n", "");
  text = replace(text, "\tDuration(Sec.):\t0.001500", "");
  std::istringstream file(text);
  AncReader reader(file, "t.anc", emg_profile());
  REQUIRE(reader.failure().empty());
  CHECK(reader.layout().streams[0].rate_hz == 2000.0);          // from the Rate row
  CHECK(reader.volts_per_count()[1] == Approx(2.5 / 32768.0));  // 16 bits assumed
  CHECK(test::drain(reader).status == SourceStatus::end);
}

TEST_CASE("anc: broken files name the line and field", "[anc]") {
  CHECK(failure_of("time,fz\n0,1\n") ==
        "t.anc:1:1: first line does not start with \"File_Type:\": not a Motion Analysis .anc "
        "file");
  CHECK(failure_of("") == "t.anc:1:1: empty file: not an .anc file");
  CHECK(failure_of("File_Type:\tAnalog R/C ASCII\n\n") ==
        "t.anc:2:1: no \"Name\" row of channel names: not an .anc analog file");
  CHECK(failure_of(replace(anc_file(), "#Channels:\t3", "#Channels:\t4")) ==
        "t.anc:7:1: 3 channel names, but #Channels (line 3) says 4");
  CHECK(failure_of(replace(anc_file(), "Bipolar", "Unipolar")) ==
        "t.anc:2:4: polarity \"Unipolar\" is not supported (only Bipolar: counts span ±Range)");
  CHECK(failure_of(replace(anc_file(), "BitDepth:\t16", "BitDepth:\t64")) ==
        "t.anc:4:2: BitDepth must be a whole number of 2-32, found \"64\"");
  CHECK(failure_of(replace(anc_file(), "Rate\t2000\t2000\t2000", "Rate\t2000\t1000\t2000")) ==
        "t.anc:8:3: channel \"TA\" at 1000 Hz, but the file's rate is 2000 Hz (one rate per "
        "file)");
  CHECK(failure_of(replace(anc_file(), "Range\t5000\t1000\t2500\t", "Range\t5000\t1000")) ==
        "t.anc:9:4: Range row has 2 values for 3 channels");
  CHECK(failure_of(replace(anc_file(), "Range\t5000\t1000", "Range\t5000\t-1")) ==
        "t.anc:9:3: range must be positive, found \"-1\"");
  CHECK(failure_of(replace(anc_file(), "Range\t", "Scale\t")) ==
        "t.anc:9:1: expected the Range row, found \"Scale\"");
  CHECK(failure_of(replace(anc_file(), "0.000500\t8\t100\t-38", "0.000500\t8\t1OO\t-38")) ==
        "t.anc:11:3: not a number: \"1OO\"");
  CHECK(failure_of(replace(anc_file(), "0.000500\t8\t100\t-38\t", "0.000500\t8\t100")) ==
        "t.anc:11:4: too few fields: expected 4, found 3");
  // A dropped row: the next one is off the header rate's grid.
  CHECK(failure_of(replace(anc_file(), "0.000500\t8\t100\t-38\t\n", "")) ==
        "t.anc:11:1: uneven sampling: row at 0.001 s, expected 0.0005 s (2000 Hz from the "
        "header)");
  CHECK(failure_of(replace(anc_file(), "0.001500\t10\t-32768\t16384\t\n", "")) ==
        "t.anc:3:1: expected 4 rows (Duration(Sec.) 0.0015 s at 2000 Hz), found 3");
  CHECK(failure_of(replace(anc_file(),
                           "0.000000\t7\t-100\t-59\t\n0.000500\t8\t100\t-38\t\n"
                           "0.001000\t9\t32767\t0\t\n0.001500\t10\t-32768\t16384\t\n",
                           "\n")) == "t.anc:10:1: no data rows after the Range row");

  std::string error;
  auto other =
      value_or_error(parse_emg_channel_profile("name = \"other\"\n[channels]\nSOL = { muscle = "
                                               "\"soleus\", side = \"right\" }\n",
                                               "other.toml"),
                     &error);
  REQUIRE(other);
  CHECK(failure_of(anc_file(), *other) == "t.anc:7:1: no channel is mapped by profile \"other\"");
}

TEST_CASE("anc: a missing file fails with the path and the reason", "[anc]") {
  auto source = open_anc("/nonexistent/emg.anc", emg_profile());
  SampleBlock block;
  CHECK(source->next(block) == SourceStatus::failed);
  CHECK(source->failure() == "/nonexistent/emg.anc: cannot open: No such file or directory");
}

TEST_CASE("anc: EMG channel profiles", "[anc][profile]") {
  const auto error_of = [](const std::string& text) {
    std::string error;
    CHECK_FALSE(value_or_error(parse_emg_channel_profile(text, "p.toml"), &error));
    return error;
  };
  CHECK(error_of("[channels]\nGMED = { muscle = \"gmed\", side = \"up\" }\n") ==
        "p.toml:2:34: side must be \"left\" or \"right\"");
  CHECK(error_of("[channels]\nGMED = { muscle = \"gmed\" }\n") ==
        "p.toml:2:8: channel \"GMED\" needs both muscle and side");
  CHECK(error_of("[channels]\nGMED = { muscle = \"gmed\", side = \"left\", gain = 0 }\n") ==
        "p.toml:2:49: gain must be a positive number");
  CHECK(error_of("[channels]\nGMED = { muscle = \"gmed\", side = \"left\", plate = \"left\" }\n") ==
        "p.toml:2:42: unknown key \"plate\" in channel \"GMED\"; allowed: muscle, side, gain");
  CHECK(error_of("[channels]\nA = { muscle = \"gmed\", side = \"left\" }\n"
                 "B = { muscle = \"gmed\", side = \"left\" }\n") ==
        "p.toml:3:1: channels \"A\" and \"B\" both map to left gmed");
  CHECK(error_of("name = \"x\"\n") ==
        "p.toml:1:1: the profile maps no channels (add a "
        "[channels] table)");

  std::string error;
  const auto rajagopal =
      value_or_error(load_emg_channel_profile(std::string(test::source_dir()) +
                                              "/config/emg_profiles/rajagopal_anc.toml"),
                     &error);
  INFO(error);
  REQUIRE(rajagopal);
  CHECK(rajagopal->channels.size() == 10);
  REQUIRE(rajagopal->find("GMED"));
  CHECK(rajagopal->find("GMED")->muscle == "gmed");
  CHECK(rajagopal->find("GMED")->side == Side::right);
}

}  // namespace
}  // namespace stridecue
