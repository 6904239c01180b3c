// Opens a trial file as a sample source, choosing the reader from the file's extension.
#pragma once

#include <memory>
#include <string>

#include "files/anc_reader.hpp"
#include "source/sample_source.hpp"

namespace stridecue {

// The project's CSV (.csv, .tsv, .txt starting with a time_s column), a C3D file (.c3d: its
// force platforms as floor plates, or as a treadmill's belts when they are (said on stderr); its
// EMG channels as an "emg" stream), or a text table read
// with the column profile at `profile_path`: an OpenSim storage file (.mot, .sto) or a lab's
// delimited export (.csv, .tsv, .txt). Without a profile, the first one in config/profiles/
// whose header the file has (TextTableReader::header_fits).
// A C3D file's EMG channels are those of the EMG profile `emg_profile` (a TOML file, or the name
// of one in config/emg_profiles/), else those its labels name unambiguously; which labels
// became which muscle, and which were left out, is printed on stderr.
// Throws ConfigError when the file cannot be opened or a profile is bad.
std::unique_ptr<SampleSource> open_trial_source(const std::string& path,
                                                const std::string& profile_path,
                                                const std::string& emg_profile = {});

// Where the default config files live: $STRIDECUE_CONFIG_DIR, else the source tree's config/ when
// it exists (a build run from its tree), else the installed share/stridecue/.
std::string config_dir();

// The column profile a text table (.mot/.sto, or a lab's .txt/.csv export) is read with when
// none is given: the first (by file name) in config/profiles/ whose header the file has. Throws
// ConfigError, saying after `what_it_is_not` why each profile does not fit.
std::string choose_column_profile(const std::string& path, const std::string& what_it_is_not = {});

// An EMG channel profile by path, or by name in config/emg_profiles/ ("btk_pig_flatfoot").
// Throws ConfigError when there is none or it is bad.
EmgChannelProfile load_emg_profile(const std::string& path_or_name);

}  // namespace stridecue
