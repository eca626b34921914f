/*
 * version.h - the release of jianggu this source tree builds.
 */
#ifndef JG_VERSION_H
#define JG_VERSION_H

#define JG_VERSION "0.1.0"

#endif
