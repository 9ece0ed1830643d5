// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink client for bugcheck.ko (see genl.h, and the ABI in
 * include/uapi/bugcheck.h).
 *
 * One request at a time: build the message, send it, then run
 * nl_recvmsgs() until the kernel's ACK, NLMSG_DONE or error arrives.  The
 * reply callbacks never stop early on a bad reply; they record the error
 * and let the loop drain up to the terminating message, so that the
 * socket is left in step for the next request.  Extended ACK is enabled,
 * and the kernel's NLMSGERR_ATTR_MSG text is kept for the caller.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <linux/netlink.h>
#include <netlink/netlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>

#include "genl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* How long to wait for the kernel's answer to one request. */
#define BC_GENL_TIMEOUT_S 10
/* Receive buffer: one READ reply is a chunk plus a few attributes. */
#define BC_GENL_MSG_BUF (BUGCHECK_READ_CHUNK + 4096)

struct bc_genl {
	struct nl_sock *sk; /* connected generic netlink socket */
	int family; /* resolved id of "bugcheck" */
	char errmsg[256]; /* extack text of the last failure, or "" */
};

/*
 * Every attribute the module sends, with its exact payload size, so that
 * nla_parse() rejects a reply with a short or oversized fixed-size value.
 */
static struct nla_policy reply_policy[BUGCHECK_A_MAX + 1] = {
	[BUGCHECK_A_SLOT] = { .type = NLA_U32, .maxlen = 4 },
	[BUGCHECK_A_VALID] = { .type = NLA_U32, .maxlen = 4 },
	[BUGCHECK_A_STATE] = { .type = NLA_U32, .maxlen = 4 },
	[BUGCHECK_A_BOOT_ID] = { .type = NLA_UNSPEC,
				 .minlen = 16,
				 .maxlen = 16 },
	[BUGCHECK_A_SEQ] = { .type = NLA_U64, .maxlen = 8 },
	[BUGCHECK_A_REASON] = { .type = NLA_U32, .maxlen = 4 },
	[BUGCHECK_A_WALL_NS] = { .type = NLA_U64, .maxlen = 8 },
	[BUGCHECK_A_LEN] = { .type = NLA_U32, .maxlen = 4 },
	[BUGCHECK_A_OFFSET] = { .type = NLA_U32, .maxlen = 4 },
	[BUGCHECK_A_DATA] = { .type = NLA_UNSPEC,
			      .maxlen = BUGCHECK_READ_CHUNK },
	[BUGCHECK_A_FLAGS] = { .type = NLA_U32, .maxlen = 4 },
	[BUGCHECK_A_REGION_ADDR] = { .type = NLA_U64, .maxlen = 8 },
	[BUGCHECK_A_REGION_SIZE] = { .type = NLA_U64, .maxlen = 8 },
	[BUGCHECK_A_SLOT_SIZE] = { .type = NLA_U32, .maxlen = 4 },
	[BUGCHECK_A_SLOT_COUNT] = { .type = NLA_U32, .maxlen = 4 },
	[BUGCHECK_A_LAYOUT_VERSION] = { .type = NLA_U32, .maxlen = 4 },
	[BUGCHECK_A_RECORD_VERSION] = { .type = NLA_U32, .maxlen = 4 },
	[BUGCHECK_A_REASONS] = { .type = NLA_U32, .maxlen = 4 },
	[BUGCHECK_A_CRASHES] = { .type = NLA_U32, .maxlen = 4 },
	[BUGCHECK_A_MISSED] = { .type = NLA_U32, .maxlen = 4 },
	[BUGCHECK_A_VENDORS] = { .type = NLA_U32, .maxlen = 4 },
};

/**
 * struct req - one request in flight
 * @g:     client
 * @cmd:   command sent; replies for another command are rejected
 * @parse: called with the parsed attributes of each reply
 * @arg:   for @parse
 * @err:   first error: the kernel's, or a bad reply's
 * @done:  the terminating ACK, DONE or error arrived
 */
struct req {
	struct bc_genl *g;
	uint8_t cmd;
	int (*parse)(struct nlattr **tb, void *arg);
	void *arg;
	int err;
	bool done;
};

static int nlerr_to_errno(int err)
{
	switch (err < 0 ? -err : err) {
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_PERM:
		return -EPERM;
	case NLE_NOACCESS:
		return -EACCES;
	case NLE_OBJ_NOTFOUND:
		return -ENOENT;
	case NLE_AGAIN:
		return -ETIMEDOUT;
	case NLE_INVAL:
		return -EINVAL;
	case NLE_RANGE:
		return -ERANGE;
	case NLE_MSG_TRUNC:
		return -EMSGSIZE;
	case NLE_PROTO_MISMATCH:
		return -EPROTO;
	case NLE_SEQ_MISMATCH:
		return -EPROTO;
	case NLE_NOADDR:
		return -EADDRNOTAVAIL;
	case NLE_BAD_SOCK:
		return -EBADF;
	}
	return -EIO;
}

static void set_errmsg(struct bc_genl *g, const char *fmt, const char *s)
{
	snprintf(g->errmsg, sizeof(g->errmsg), fmt, s);
}

static int valid_cb(struct nl_msg *msg, void *arg)
{
	struct req *r = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *tb[BUGCHECK_A_MAX + 1];
	struct genlmsghdr *gh;
	int ret;

	if (r->err)
		return NL_SKIP;
	if (!genlmsg_valid_hdr(nlh, 0)) {
		r->err = -EBADMSG;
		set_errmsg(r->g, "%s", "reply without a genetlink header");
		return NL_SKIP;
	}
	gh = genlmsg_hdr(nlh);
	if (gh->cmd != r->cmd) {
		r->err = -EBADMSG;
		set_errmsg(r->g, "%s", "reply for another command");
		return NL_SKIP;
	}
	ret = genlmsg_parse(nlh, 0, tb, BUGCHECK_A_MAX, reply_policy);
	if (ret < 0) {
		r->err = -EBADMSG;
		set_errmsg(r->g, "malformed reply attribute: %s",
			   nl_geterror(ret));
		return NL_SKIP;
	}
	ret = r->parse ? r->parse(tb, r->arg) : 0;
	if (ret < 0) {
		r->err = ret;
		if (!r->g->errmsg[0])
			set_errmsg(
				r->g, "%s",
				"reply lacks a required attribute or has an impossible value");
	}
	return NL_SKIP;
}

/*
 * The error message of an extended ACK: attributes after struct nlmsgerr
 * and, unless the kernel capped it, after the echoed request.
 */
static void take_extack(struct bc_genl *g, struct nlmsgerr *e)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	struct nla_policy pol[NLMSGERR_ATTR_MAX + 1] = {
		[NLMSGERR_ATTR_MSG] = { .type = NLA_STRING },
	};
	size_t off, end = nlh->nlmsg_len;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	off = NLMSG_HDRLEN + sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < NLMSG_HDRLEN)
			return;
		off += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
	}
	if (off >= end)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)nlh + off), (int)(end - off),
		      pol) < 0 ||
	    !tb[NLMSGERR_ATTR_MSG])
		return;
	snprintf(g->errmsg, sizeof(g->errmsg), "%.*s",
		 (int)strnlen(nla_data(tb[NLMSGERR_ATTR_MSG]),
			      nla_len(tb[NLMSGERR_ATTR_MSG])),
		 (const char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
}

static int err_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct req *r = arg;

	if (!r->err) {
		r->err = e->error < 0 ? e->error : -EIO;
		take_extack(r->g, e);
	}
	r->done = true;
	return NL_STOP;
}

static int done_cb(struct nl_msg *msg, void *arg)
{
	struct req *r = arg;

	r->done = true;
	return NL_STOP;
}

struct attr_put {
	int type; /* BUGCHECK_A_*, 0 ends the list */
	int size; /* 4, 8 or 16 */
	const void *p; /* value */
};

/*
 * Send @cmd with attributes @attrs, then receive until the request ends.
 */
static int request(struct bc_genl *g, uint8_t cmd, bool dump,
		   const struct attr_put *attrs,
		   int (*parse)(struct nlattr **, void *), void *arg)
{
	struct req r = { .g = g, .cmd = cmd, .parse = parse, .arg = arg };
	struct nl_msg *msg;
	struct nl_cb *cb;
	int ret;

	g->errmsg[0] = '\0';
	msg = nlmsg_alloc();
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!msg || !cb) {
		ret = -ENOMEM;
		goto out;
	}
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, g->family, 0,
			 dump ? NLM_F_DUMP : NLM_F_ACK, cmd,
			 BUGCHECK_GENL_VERSION)) {
		ret = -ENOMEM;
		goto out;
	}
	for (; attrs && attrs->type; attrs++) {
		if (nla_put(msg, attrs->type, attrs->size, attrs->p) < 0) {
			ret = -EMSGSIZE;
			goto out;
		}
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, &r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, done_cb, &r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, done_cb, &r);
	nl_cb_err(cb, NL_CB_CUSTOM, err_cb, &r);
	ret = nl_send_auto(g->sk, msg);
	if (ret < 0) {
		ret = nlerr_to_errno(ret);
		goto out;
	}
	while (!r.done) {
		ret = nl_recvmsgs(g->sk, cb);
		if (ret < 0 && !r.done) {
			if (!r.err)
				r.err = nlerr_to_errno(ret);
			break;
		}
	}
	ret = r.err;
out:
	nl_cb_put(cb);
	nlmsg_free(msg);
	return ret;
}

/**
 * bc_genl_open() - connect and resolve the "bugcheck" family
 * @ret: set to the client
 *
 * Return: 0; -ENOENT when the family does not exist (bugcheck.ko is not
 * loaded); another negative errno for socket failures.
 */
int bc_genl_open(struct bc_genl **ret)
{
	struct timeval tv = { .tv_sec = BC_GENL_TIMEOUT_S };
	struct bc_genl *g;
	int one = 1, err, fd;

	g = calloc(1, sizeof(*g));
	if (!g)
		return -ENOMEM;
	g->sk = nl_socket_alloc();
	if (!g->sk) {
		err = -ENOMEM;
		goto err_free;
	}
	err = genl_connect(g->sk);
	if (err < 0) {
		err = nlerr_to_errno(err);
		goto err_free;
	}
	fd = nl_socket_get_fd(g->sk);
	/* Best effort: without them, errors simply carry no text. */
	(void)setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	(void)setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0) {
		err = -errno;
		goto err_free;
	}
	nl_socket_disable_auto_ack(g->sk);
	nl_socket_enable_msg_peek(g->sk);
	(void)nl_socket_set_msg_buf_size(g->sk, BC_GENL_MSG_BUF);
	err = genl_ctrl_resolve(g->sk, BUGCHECK_GENL_NAME);
	if (err < 0) {
		err = nlerr_to_errno(err);
		goto err_free;
	}
	g->family = err;
	*ret = g;
	return 0;

err_free:
	bc_genl_close(g);
	return err;
}

/**
 * bc_genl_close() - close the client; NULL is accepted
 * @g: client
 */
void bc_genl_close(struct bc_genl *g)
{
	if (!g)
		return;
	nl_socket_free(g->sk);
	free(g);
}

/**
 * bc_genl_errmsg() - the kernel's extack message for the last failure
 * @g: client
 *
 * Return: the text, or "" when the kernel gave none.
 */
const char *bc_genl_errmsg(const struct bc_genl *g)
{
	return g ? g->errmsg : "";
}

/**
 * bc_genl_strerror() - explain an error of this client to a user
 * @err: negative errno returned by a bc_genl_*() function
 */
const char *bc_genl_strerror(int err)
{
	switch (-err) {
	case ENOENT:
		return "not found (is bugcheck.ko loaded?)";
	case EPERM:
	case EACCES:
		return "permission denied: bugcheck needs CAP_SYS_ADMIN (run as root)";
	case ETIMEDOUT:
		return "no answer from bugcheck.ko";
	case EBADMSG:
		return "malformed reply from bugcheck.ko";
	case ESTALE:
		return "the slot no longer holds that record";
	case EBUSY:
		return "a crash capture is running; try again";
	case ENODATA:
		return "the slot holds no such record";
	}
	return strerror(-err);
}

static uint32_t get_u32(struct nlattr **tb, int a)
{
	return nla_get_u32(tb[a]);
}

static int parse_status(struct nlattr **tb, void *arg)
{
	static const int need[] = {
		BUGCHECK_A_REGION_ADDR,	   BUGCHECK_A_REGION_SIZE,
		BUGCHECK_A_SLOT_SIZE,	   BUGCHECK_A_SLOT_COUNT,
		BUGCHECK_A_LAYOUT_VERSION, BUGCHECK_A_RECORD_VERSION,
		BUGCHECK_A_REASONS,	   BUGCHECK_A_BOOT_ID,
		BUGCHECK_A_CRASHES,	   BUGCHECK_A_MISSED,
	};
	struct bc_genl_status *st = arg;
	size_t i;

	for (i = 0; i < sizeof(need) / sizeof(need[0]); i++)
		if (!tb[need[i]])
			return -EBADMSG;
	st->region_addr = nla_get_u64(tb[BUGCHECK_A_REGION_ADDR]);
	st->region_size = nla_get_u64(tb[BUGCHECK_A_REGION_SIZE]);
	st->slot_size = get_u32(tb, BUGCHECK_A_SLOT_SIZE);
	st->slot_count = get_u32(tb, BUGCHECK_A_SLOT_COUNT);
	st->layout_version = get_u32(tb, BUGCHECK_A_LAYOUT_VERSION);
	st->record_version = get_u32(tb, BUGCHECK_A_RECORD_VERSION);
	st->reasons = get_u32(tb, BUGCHECK_A_REASONS);
	memcpy(st->boot_id, nla_data(tb[BUGCHECK_A_BOOT_ID]), 16);
	st->crashes = get_u32(tb, BUGCHECK_A_CRASHES);
	st->missed = get_u32(tb, BUGCHECK_A_MISSED);
	st->have_vendors = tb[BUGCHECK_A_VENDORS];
	st->vendors = st->have_vendors ? get_u32(tb, BUGCHECK_A_VENDORS) : 0;
	if (st->slot_count > BUGCHECK_MAX_SLOTS ||
	    st->slot_size > BUGCHECK_MAX_SLOT_SIZE)
		return -EBADMSG;
	return 0;
}

/**
 * bc_genl_status() - STATUS
 * @g:  client
 * @st: filled in
 */
int bc_genl_status(struct bc_genl *g, struct bc_genl_status *st)
{
	memset(st, 0, sizeof(*st));
	return request(g, BUGCHECK_CMD_STATUS, false, NULL, parse_status, st);
}

struct list_ctx {
	struct bc_genl_slot *slots;
	size_t max;
	size_t n;
};

static int parse_list(struct nlattr **tb, void *arg)
{
	struct list_ctx *c = arg;
	struct bc_genl_slot *s;

	if (!tb[BUGCHECK_A_SLOT] || !tb[BUGCHECK_A_VALID] ||
	    !tb[BUGCHECK_A_STATE] || !tb[BUGCHECK_A_LEN])
		return -EBADMSG;
	if (c->n >= c->max)
		return -E2BIG;
	s = &c->slots[c->n];
	memset(s, 0, sizeof(*s));
	s->slot = get_u32(tb, BUGCHECK_A_SLOT);
	s->valid = get_u32(tb, BUGCHECK_A_VALID);
	s->state = get_u32(tb, BUGCHECK_A_STATE);
	s->len = get_u32(tb, BUGCHECK_A_LEN);
	if (s->slot >= BUGCHECK_MAX_SLOTS || s->len > BC_GENL_READ_MAX)
		return -EBADMSG;
	if (tb[BUGCHECK_A_BOOT_ID] && tb[BUGCHECK_A_SEQ]) {
		s->have_record = true;
		memcpy(s->boot_id, nla_data(tb[BUGCHECK_A_BOOT_ID]), 16);
		s->seq = nla_get_u64(tb[BUGCHECK_A_SEQ]);
		s->reason = tb[BUGCHECK_A_REASON] ?
				    get_u32(tb, BUGCHECK_A_REASON) :
				    0;
		s->wall_ns = tb[BUGCHECK_A_WALL_NS] ?
				     nla_get_u64(tb[BUGCHECK_A_WALL_NS]) :
				     0;
		s->flags = tb[BUGCHECK_A_FLAGS] ?
				   get_u32(tb, BUGCHECK_A_FLAGS) :
				   0;
	}
	c->n++;
	return 0;
}

/**
 * bc_genl_list() - LIST: every non-empty slot
 * @g:     client
 * @slots: output array
 * @max:   its size (BUGCHECK_MAX_SLOTS is always enough)
 * @n:     entries filled
 */
int bc_genl_list(struct bc_genl *g, struct bc_genl_slot *slots, size_t max,
		 size_t *n)
{
	struct list_ctx c = { .slots = slots, .max = max };
	int ret;

	ret = request(g, BUGCHECK_CMD_LIST, true, NULL, parse_list, &c);
	*n = ret ? 0 : c.n;
	return ret;
}

struct read_ctx {
	uint32_t slot;
	uint32_t off; /* offset asked for */
	uint8_t *buf; /* record, allocated at the first reply */
	uint32_t len; /* LEN of the first reply */
	uint32_t got; /* bytes of this reply */
	uint32_t valid;
	bool replied;
	bool named; /* the first reply named the record: boot_id, seq */
	uint8_t boot_id[16];
	uint64_t seq;
};

/*
 * A record that names itself (BOOT_ID and SEQ in the first reply) must name
 * itself the same way in every later chunk; the kernel refuses a READ that
 * names a record the slot no longer holds, so two crashes can never be
 * spliced into one buffer.
 */
static int check_named(struct nlattr **tb, struct read_ctx *c, bool first)
{
	bool has = tb[BUGCHECK_A_BOOT_ID] && tb[BUGCHECK_A_SEQ] &&
		   nla_len(tb[BUGCHECK_A_BOOT_ID]) == 16;

	if (first) {
		c->named = has;
		if (has) {
			memcpy(c->boot_id, nla_data(tb[BUGCHECK_A_BOOT_ID]),
			       16);
			c->seq = nla_get_u64(tb[BUGCHECK_A_SEQ]);
		}
		return 0;
	}
	if (has != c->named)
		return -EAGAIN;
	if (has && (memcmp(c->boot_id, nla_data(tb[BUGCHECK_A_BOOT_ID]), 16) ||
		    nla_get_u64(tb[BUGCHECK_A_SEQ]) != c->seq))
		return -EAGAIN;
	return 0;
}

static int parse_read(struct nlattr **tb, void *arg)
{
	struct read_ctx *c = arg;
	uint32_t len, n;

	if (c->replied)
		return -EBADMSG; /* one reply per request */
	if (!tb[BUGCHECK_A_SLOT] || !tb[BUGCHECK_A_OFFSET] ||
	    !tb[BUGCHECK_A_LEN] || !tb[BUGCHECK_A_DATA])
		return -EBADMSG;
	if (get_u32(tb, BUGCHECK_A_SLOT) != c->slot ||
	    get_u32(tb, BUGCHECK_A_OFFSET) != c->off)
		return -EBADMSG;
	len = get_u32(tb, BUGCHECK_A_LEN);
	n = nla_len(tb[BUGCHECK_A_DATA]);
	if (!len || len > BC_GENL_READ_MAX)
		return -EBADMSG;
	if (!c->buf) {
		c->buf = malloc(len);
		if (!c->buf)
			return -ENOMEM;
		c->len = len;
		c->valid = tb[BUGCHECK_A_VALID] ?
				   get_u32(tb, BUGCHECK_A_VALID) :
				   UINT32_MAX;
	} else if (len != c->len) {
		return -EAGAIN; /* the record changed under us */
	}
	if (check_named(tb, c, c->off == 0))
		return -EAGAIN;
	/* Each reply must make progress and stay inside the record. */
	if (!n || n > c->len - c->off)
		return -EBADMSG;
	memcpy(c->buf + c->off, nla_data(tb[BUGCHECK_A_DATA]), n);
	c->got = n;
	c->replied = true;
	return 0;
}

/**
 * bc_genl_read() - READ a whole record, chunk by chunk
 * @g:     client
 * @slot:  slot index
 * @buf:   set to a malloc'd copy of the record (the whole slot for a
 *         damaged one)
 * @len:   its length, <= BC_GENL_READ_MAX
 * @valid: the kernel's verdict for it
 *
 * Return: 0; -EAGAIN when the record changed between two chunks; the
 * kernel's error (-ENODATA for an empty slot, -ENOENT for no such slot).
 */
int bc_genl_read(struct bc_genl *g, uint32_t slot, uint8_t **buf, uint32_t *len,
		 uint32_t *valid)
{
	struct read_ctx c = { .slot = slot };
	struct attr_put a[] = {
		{ BUGCHECK_A_SLOT, 4, &slot },
		{ BUGCHECK_A_OFFSET, 4, &c.off },
		{ 0 }, /* BOOT_ID once the first reply named the record */
		{ 0 }, /* SEQ */
		{ 0 },
	};
	int ret;

	/* Bounded: every reply adds at least one byte, up to len bytes. */
	do {
		c.replied = false;
		ret = request(g, BUGCHECK_CMD_READ, false, a, parse_read, &c);
		if (!ret && !c.replied)
			ret = -EBADMSG;
		if (ret == -ESTALE)
			ret = -EAGAIN; /* a later crash replaced the record */
		if (ret) {
			free(c.buf);
			return ret;
		}
		if (c.named && !a[2].type) {
			a[2] = (struct attr_put){ BUGCHECK_A_BOOT_ID, 16,
						  c.boot_id };
			a[3] = (struct attr_put){ BUGCHECK_A_SEQ, 8, &c.seq };
		}
		c.off += c.got;
	} while (c.off < c.len);
	*buf = c.buf;
	*len = c.len;
	*valid = c.valid;
	return 0;
}

/**
 * bc_genl_mark_collected() - MARK_COLLECTED
 * @g:       client
 * @slot:    slot index
 * @boot_id: boot id of the record
 * @seq:     its sequence number
 *
 * Return: 0, -ESTALE when the slot now holds another record.
 */
int bc_genl_mark_collected(struct bc_genl *g, uint32_t slot,
			   const uint8_t boot_id[16], uint64_t seq)
{
	struct attr_put a[] = {
		{ BUGCHECK_A_SLOT, 4, &slot },
		{ BUGCHECK_A_BOOT_ID, 16, boot_id },
		{ BUGCHECK_A_SEQ, 8, &seq },
		{ 0 },
	};

	return request(g, BUGCHECK_CMD_MARK_COLLECTED, false, a, NULL, NULL);
}

/**
 * bc_genl_clear() - CLEAR
 * @g:       client
 * @slot:    slot index
 * @boot_id: if not NULL, clear only if the slot still holds this record
 * @seq:     with @boot_id
 * @force:   also clear uncollected or damaged records
 */
int bc_genl_clear(struct bc_genl *g, uint32_t slot, const uint8_t *boot_id,
		  uint64_t seq, bool force)
{
	uint32_t flags = force ? BUGCHECK_CLEAR_FORCE : 0;
	struct attr_put a[5] = { { BUGCHECK_A_SLOT, 4, &slot } };
	int n = 1;

	if (boot_id) {
		a[n++] = (struct attr_put){ BUGCHECK_A_BOOT_ID, 16, boot_id };
		a[n++] = (struct attr_put){ BUGCHECK_A_SEQ, 8, &seq };
	}
	if (force)
		a[n++] = (struct attr_put){ BUGCHECK_A_FLAGS, 4, &flags };
	a[n] = (struct attr_put){ 0 };
	return request(g, BUGCHECK_CMD_CLEAR, false, a, NULL, NULL);
}
