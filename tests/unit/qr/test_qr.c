/*
 * test_qr.c - src/qr/qr.c: the SVG of a QR code, its size, its name, and
 * the texts it refuses.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "qr/qr.h"

static void
test_link(void **state)
{
	struct buf svg;
	char box[64];

	(void)state;
	buf_init(&svg, NULL, 0);
	assert_int_equal(qr_svg("https://park.example.cn/verify/"
				"G4ND24VXZKSFFCZVPG6M", "查验 <二维码> & \"链接\"",
				&svg), 0);
	assert_true(!strncmp(svg.ptr, "<svg xmlns=\"http://www.w3.org/2000/svg\"",
			     39));
	/* 51 bytes at level M: version 4, 33 modules, and 4 of margin on
	 * each side. */
	snprintf(box, sizeof(box), "viewBox=\"0 0 %d %d\"", 33 + 8, 33 + 8);
	assert_non_null(strstr(svg.ptr, box));
	assert_non_null(strstr(svg.ptr, "aria-label=\"查验 &lt;二维码&gt; "
				"&amp; &quot;链接&quot;\""));
	/* The finder pattern's top row: seven dark modules at the margin. */
	assert_non_null(strstr(svg.ptr, "M4 4h7v1h-7z"));
	assert_true(svg.len > 7 && !strcmp(svg.ptr + svg.len - 6, "</svg>"));
	buf_release(&svg);
}

static void
test_refused(void **state)
{
	char big[QR_TEXT_MAX + 2];
	struct buf svg;

	(void)state;
	buf_init(&svg, NULL, 0);
	assert_int_equal(qr_svg("", "x", &svg), ERR_INVALID);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(qr_svg(big, "x", &svg), ERR_TOOBIG);
	assert_int_equal(svg.len, 0);
	buf_release(&svg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_link),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
