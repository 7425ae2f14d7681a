#include "config.h"

#include "decode.h"

int
st_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int
st_hex_decode(const char *hex, size_t n, struct sbuf *out)
{
	size_t i;
	int hi, lo;

	if (n % 2)
		return -1;
	for (i = 0; i < n; i += 2) {
		hi = st_hexval((unsigned char)hex[i]);
		lo = st_hexval((unsigned char)hex[i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		sb_addc(out, (char)(hi << 4 | lo));
	}
	return 0;
}
