#include "cli/command.h"

int main(int argc, char** argv) { return impact::cli::runMain(argc, argv); }
