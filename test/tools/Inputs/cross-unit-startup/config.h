// Start-up configuration (config.cpp), filled from main's arguments
// (main.cpp), read per request (handler.cpp).
#pragma once
#include <string>

void load_config(int argc, char **argv);
void load_plugins(char **argv);
void load_extra(const char *arg);
void remember(const std::string &key);
bool allowed(const std::string &path);
void handle(const std::string &key);
