// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the report decoder (server/report.c).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "bucket.h"
#include "report.h"

#define TAP_SUITE "server report"
#include "tap.h"

#define GOOD_CLASSIFICATION                                            \
	"\"classification\":{\"class\":\"NULL_POINTER_DEREFERENCE\","  \
	"\"code\":4,\"title\":\"BUG: oops\",\"image\":\"e1000e\","     \
	"\"function\":\"e1000_clean_rx_irq\",\"failure_name\":"        \
	"\"NULL_POINTER_DEREFERENCE_0x04_e1000e!e1000_clean_rx_irq\"," \
	"\"failure_hash\":\"742604DC-4F66-6A10-A0F5-24D0CF429415\","   \
	"\"corrupted\":false,\"panicked\":true}"

#define GOOD_HEAD                                                          \
	"{\"report_id\":\"0123456789ABCDEF0123456789abcdef\","             \
	"\"machine_id\":\"aabbccddeeff0011\","                             \
	"\"crash_time\":\"2026-11-20T10:00:00Z\",\"source\":\"bugcheck\"," \
	"\"event_type\":\"oops\",\"kernel_release\":\"6.1.0-56-amd64\","   \
	"\"device_type\":\"vm\",\"taint\":\"G   O\","

static const char good[] = GOOD_HEAD GOOD_CLASSIFICATION
	",\"stack\":[{\"module\":\"e1000e\",\"function\":\"f\",\"offset\":1},"
	"{\"function\":\"g.cold\",\"offset\":0}],\"future_field\":[1,2]}";

static int decode(const char *body, struct report **r, size_t *n, char *err)
{
	bool batch;

	return report_decode_body(body, strlen(body), r, n, &batch, err, 256);
}

static void test_good(void)
{
	struct report *r;
	char err[256] = "";
	size_t n = 0;

	CHECK(decode(good, &r, &n, err) == 0);
	if (n != 1) {
		fprintf(stderr, "  %s\n", err);
		case_failed = 1;
		return;
	}
	CHECK_STR(r->report_id, "0123456789abcdef0123456789abcdef");
	CHECK_STR(r->failure_hash, "742604dc-4f66-6a10-a0f5-24d0cf429415");
	CHECK_STR(r->bucket_key, r->failure_hash);
	CHECK_STR(r->bucket_name, r->failure_name);
	CHECK_STR(r->image, "e1000e");
	CHECK(r->code == 4 && r->panicked && !r->corrupted);
	CHECK(!r->has_module && !r->has_claim);
	CHECK(r->crash_time ==
	      bucket_days_from_civil(2026, 11, 20) * 86400 + 36000);
	CHECK_STR(
		r->stack,
		"[{\"module\":\"e1000e\",\"function\":\"f\",\"offset\":1},"
		"{\"module\":\"vmlinux\",\"function\":\"g.cold\",\"offset\":0}]");
	/* unknown keys are not stored (issue 12, finding 2) */
	CHECK(strstr(r->record, "future_field") == NULL);
	CHECK(strstr(r->record, "\"failure_hash\":\"742604dc") != NULL);
	report_free_array(r, n);
}

static void test_claim_and_batch(void)
{
	static const char body[] =
		"{\"reports\":[" GOOD_HEAD GOOD_CLASSIFICATION
		",\"stack\":[],\"claim\":{\"plugin\":\"acme\",\"event_name\":"
		"\"ACME_FW_HANG\",\"signature\":[{\"name\":\"fw\",\"value\":"
		"\"1.2\"}]},\"module\":{\"name\":\"e1000e\",\"file\":"
		"\"e1000e.ko\",\"version\":\"3.2.6-k\"}},"
		"" GOOD_HEAD GOOD_CLASSIFICATION ",\"stack\":[]}]}";
	struct bucket_param p = { "fw", "1.2" };
	char key[BUCKET_GUID_LEN], err[256] = "";
	struct report *r;
	bool batch = false;
	size_t n = 0;

	CHECK(report_decode_body(body, strlen(body), &r, &n, &batch, err,
				 sizeof(err)) == 0);
	if (n != 2) {
		fprintf(stderr, "  %s\n", err);
		case_failed = 1;
		return;
	}
	CHECK(batch);
	CHECK(r[0].has_claim && r[0].has_module);
	bucket_claim_key("e1000e", "acme", "ACME_FW_HANG", &p, 1, key);
	CHECK_STR(r[0].bucket_key, key);
	CHECK_STR(r[0].bucket_name, "ACME_FW_HANG");
	CHECK_STR(r[0].mod_version, "3.2.6-k");
	CHECK_STR(r[1].bucket_key, r[1].failure_hash);
	report_free_array(r, n);
}

/* Replaces the first occurrence of @from in the good report by @to. */
static void expect_bad(const char *from, const char *to, const char *substr)
{
	char body[4096], err[256] = "";
	const char *at = strstr(good, from);
	struct report *r = NULL;
	size_t n = 0;

	if (!at) {
		fprintf(stderr, "test bug: '%s' not in template\n", from);
		case_failed = 1;
		return;
	}
	snprintf(body, sizeof(body), "%.*s%s%s", (int)(at - good), good, to,
		 at + strlen(from));
	CHECK(decode(body, &r, &n, err) == -EINVAL);
	if (!strstr(err, substr)) {
		case_failed = 1;
		fprintf(stderr,
			"replacing '%s' by '%s': error '%s' lacks '%s'\n", from,
			to, err, substr);
	}
}

static void test_bad_fields(void)
{
	expect_bad("0123456789ABCDEF0123456789abcdef", "xyz",
		   "field 'report_id' must be 32..64 bytes");
	expect_bad("0123456789ABCDEF0123456789abcdef",
		   "0123456789ABCDEF0123456789abcdeg",
		   "field 'report_id' has a forbidden character at offset 31");
	expect_bad("\"aabbccddeeff0011\"", "42",
		   "field 'machine_id' must be a string");
	expect_bad("2026-11-20T10:00:00Z", "2026-11-20 10:00", "crash_time");
	expect_bad("2026-11-20T10:00:00Z", "2026-13-20T10:00:00Z",
		   "crash_time");
	expect_bad("\"bugcheck\"", "\"floppy\"",
		   "field 'source' has unknown value 'floppy'");
	expect_bad("\"vm\"", "\"toaster\"", "device_type");
	expect_bad("\"oops\"", "\"Oops!\"", "event_type");
	expect_bad("\"6.1.0-56-amd64\"", "\"6.1 with space\"",
		   "kernel_release");
	expect_bad("\"code\":4", "\"code\":256",
		   "field 'classification.code' must be in 0..255");
	expect_bad("\"code\":4", "\"code\":\"4\"",
		   "classification.code' must be an integer");
	expect_bad("\"panicked\":true", "\"panicked\":1",
		   "classification.panicked");
	expect_bad("\"image\":\"e1000e\"", "\"image\":\"e1000e; rm\"",
		   "classification.image");
	expect_bad("\"failure_hash\":\"742604DC-4F66-6A10-A0F5-24D0CF429415\"",
		   "\"failure_hash\":\"' or 1=1 --\"",
		   "classification.failure_hash");
	expect_bad("\"failure_hash\":\"742604DC-4F66-6A10-A0F5-24D0CF429415\",",
		   "", "missing field 'classification.failure_hash'");
	expect_bad("\"offset\":1", "\"offset\":-1",
		   "field 'stack[0].offset' must be in");
	expect_bad("\"function\":\"f\"", "\"function\":\"f\\u0000g\"", "NUL");
	expect_bad("\"title\":\"BUG: oops\"", "\"title\":\"a\\nb\"",
		   "classification.title");
	expect_bad("\"taint\":\"G   O\",", "", "missing field 'taint'");
	/* the server decides bucket identity (issue 12, finding 1) */
	expect_bad(
		"742604DC", "842604DC",
		"does not match the report: hash version 1 of class, image and title is '742604dc-4f66-6a10-a0f5-24d0cf429415'");
	expect_bad("\"title\":\"BUG: oops\"", "\"title\":\"BUG: oops2\"",
		   "'classification.failure_hash'");
	expect_bad("\"image\":\"e1000e\"", "\"image\":\"nvidia\"",
		   "'classification.failure_hash'");
	expect_bad("\"class\":\"NULL_POINTER_DEREFERENCE\"",
		   "\"class\":\"WARNING\"", "does not match code 0x04");
	expect_bad("\"code\":4", "\"code\":200", "does not match code 0xc8");
	expect_bad("\"source\"", "\"hash_version\":99,\"source\"",
		   "'hash_version' 99 is not known");
	expect_bad("\"source\"", "\"hash_version\":0,\"source\"",
		   "'hash_version' 0 is not known");
	expect_bad("\"source\"", "\"hash_version\":\"1\",\"source\"",
		   "'hash_version' must be an integer");
	expect_bad(",\"future_field\":[1,2]}",
		   ",\"module\":{\"name\":\"nvidia\"}}",
		   "'module.name' 'nvidia' is not the blamed image 'e1000e'");
	expect_bad(",\"future_field\":[1,2]}",
		   ",\"claim\":{\"plugin\":\"acme\"}}",
		   "missing field 'claim.event_name'");
	expect_bad(",\"future_field\":[1,2]}", ",\"module\":[]}",
		   "field 'module' must be an object");
	expect_bad(",\"future_field\":[1,2]}", ",\"log\":5}",
		   "field 'log' must be a string");
}

static void test_bad_bodies(void)
{
	static const char *const bodies[][2] = {
		{ "", "unexpected end of input" },
		{ "{", "unexpected end of input" },
		{ "[1,2]", "body must be a JSON object" },
		{ "\"str\"", "body must be a JSON object" },
		{ "{} x", "offset 3" },
		{ "{}  \n", "missing field 'report_id'" },
		{ "{\"reports\":{}}", "field 'reports' must be an array" },
		{ "{\"reports\":[]}", "must hold 1..100 reports" },
		{ "{\"reports\":[1]}",
		  "reports[0]: report must be a JSON object" },
		{ "{\"a\":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]}",
		  "not valid JSON" },
		{ "{\"a\" 1}", "not valid JSON" },
		{ "{}", "missing field 'report_id'" },
	};
	char err[256];

	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		struct report *r = NULL;
		size_t n = 0;

		err[0] = '\0';
		CHECK(decode(bodies[i][0], &r, &n, err) == -EINVAL);
		if (!strstr(err, bodies[i][1])) {
			case_failed = 1;
			fprintf(stderr, "body '%s': error '%s' lacks '%s'\n",
				bodies[i][0], err, bodies[i][1]);
		}
	}
}

static void test_batch_limit(void)
{
	size_t cap = 200 * sizeof(good) + 64, o = 0;
	char *body = malloc(cap), err[256] = "";
	struct report *r;
	size_t n;

	o += snprintf(body + o, cap - o, "{\"reports\":[");
	for (int i = 0; i < 101; i++)
		o += snprintf(body + o, cap - o, "%s%s", i ? "," : "", good);
	snprintf(body + o, cap - o, "]}");
	CHECK(decode(body, &r, &n, err) == -EINVAL);
	CHECK(strstr(err, "not 101") != NULL);
	free(body);
}

static void test_response_and_ids(void)
{
	struct response_req rr;
	char ids[REPORT_IDS_MAX][65], err[256];
	size_t n;
	const char *b;

	b = "{\"failure_hash\":\"ABCDEF01-2\",\"message\":\"Update\","
	    "\"link\":\"https://x.example/fix\",\"kernel_min\":\"6.1\"}";
	CHECK(report_decode_response(b, strlen(b), &rr, err, sizeof(err)) == 0);
	CHECK_STR(rr.failure_hash, "abcdef01-2");
	CHECK_STR(rr.kern_min, "6.1");
	CHECK_STR(rr.kern_max, "");
	b = "{\"failure_hash\":\"abcdef012\",\"message\":\"m\","
	    "\"link\":\"javascript:alert(1)\"}";
	CHECK(report_decode_response(b, strlen(b), &rr, err, sizeof(err)) ==
	      -EINVAL);
	CHECK(strstr(err, "link") != NULL);
	b = "{\"failure_hash\":\"abcdef012\",\"message\":\"m\","
	    "\"link\":\"https://a\",\"module_version_min\":\"2\","
	    "\"module_version_max\":\"1\"}";
	CHECK(report_decode_response(b, strlen(b), &rr, err, sizeof(err)) ==
	      -EINVAL);
	b = "{\"report_ids\":[\"0123456789ABCDEF0123456789abcdef\"]}";
	CHECK(report_decode_ids(b, strlen(b), &ids, &n, err, sizeof(err)) == 0);
	CHECK(n == 1);
	CHECK_STR(ids[0], "0123456789abcdef0123456789abcdef");
	b = "{\"report_ids\":[\"zz\"]}";
	CHECK(report_decode_ids(b, strlen(b), &ids, &n, err, sizeof(err)) ==
	      -EINVAL);
	b = "{\"report_ids\":[]}";
	CHECK(report_decode_ids(b, strlen(b), &ids, &n, err, sizeof(err)) ==
	      -EINVAL);
}

/*
 * The decoders' own JSON parser reads what json-c reads, the same way,
 * and leaves the rest to json-c (report_json_selfcheck()): tricky bodies,
 * then every one-byte insertion and replacement of a good report with
 * bytes that matter to a JSON parser.
 */
static void test_json_parser(void)
{
	static const char *const bodies[] = {
		"{\"a\":1,\"a\":\"x\"}",
		"{\"a\":{\"b\":1},\"a\":{\"c\":2}}",
		"{\"a\":\"\\u0041\\ud83d\\ude00\\ud800x\"}",
		"{\"a\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}",
		"{\"a\":-0,\"b\":0,\"c\":-5,\"d\":007,\"e\":1.5,\"f\":1e3}",
		"{\"a\":999999999999999999,\"b\":-999999999999999999}",
		"{\"a\":9223372036854775807,\"b\":9223372036854775808}",
		"{\"a\":18446744073709551616,\"b\":-9223372036854775809}",
		"{\"a\":true,\"b\":false,\"c\":null,\"d\":True}",
		"{\"a\":[1,2,],\"b\":1}",
		"{\"a\":[1,2]  ,  \"b\" :\t{ } }\r\n",
		"{\"a\":[[[[[[[[[[1]]]]]]]]]]}",
		"{\"a\":[[[[[[[1]]]]]]]}",
		"{\"\xc3\xa9\":\"\xff\xfe\x80\"}",
		"{\"a\":\"x\ty\"}",
		"{\"a\":nul}",
		"{\"a\":1}x",
		"{\"a\":1}{}",
		"{\"a\":tru",
		"\xef\xbb\xbf{\"a\":1}",
		"{'a':1}",
		"{\"a\":1 /* c */}",
		"{\"\":1}",
	};
	static const char bytes[] =
		" \t\r\n\f\v\"\\,:{}[]0-9e.+uxtn\x80\xff\x01";
	size_t glen = strlen(good);
	char *buf = malloc(glen + 2);
	int bad_n = 0;

	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++)
		if (report_json_selfcheck(bodies[i], strlen(bodies[i]))) {
			fprintf(stderr, "  differs from json-c: %s\n",
				bodies[i]);
			bad_n++;
		}
	CHECK(report_json_selfcheck(good, glen) == 0);
	for (size_t i = 0; buf && i <= glen; i++) {
		for (size_t b = 0; b < sizeof(bytes); b++) {
			/* insert bytes[b] (the last: NUL) at i */
			memcpy(buf, good, i);
			buf[i] = bytes[b];
			memcpy(buf + i + 1, good + i, glen - i);
			if (report_json_selfcheck(buf, glen + 1))
				bad_n++;
			if (i == glen)
				continue;
			/* replace byte i with it */
			memcpy(buf, good, glen);
			buf[i] = bytes[b];
			if (report_json_selfcheck(buf, glen))
				bad_n++;
		}
	}
	CHECK(buf != NULL);
	CHECK(bad_n == 0);
	free(buf);
}

/* A key sent twice means its last value, as with json-c alone. */
static void test_duplicate_keys(void)
{
	static const char body[] = GOOD_HEAD GOOD_CLASSIFICATION
		",\"stack\":[],\"market\":\"first\",\"market\":\"last\"}";
	struct report *r;
	char err[256] = "";
	size_t n = 0;

	CHECK(decode(body, &r, &n, err) == 0);
	if (n == 1) {
		CHECK_STR(r->market, "last");
		report_free_array(r, n);
	}
}

int main(void)
{
	test_good();
	done("good");
	test_claim_and_batch();
	done("claim and batch");
	test_bad_fields();
	done("bad fields");
	test_bad_bodies();
	done("bad bodies");
	test_batch_limit();
	done("batch limit");
	test_response_and_ids();
	done("response and ids");
	test_json_parser();
	done("own JSON parser reads as json-c");
	test_duplicate_keys();
	done("duplicate keys");
	return tap_end();
}
