// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink family "bugcheck": how user space lists, reads,
 * acknowledges and clears the stored crash records.  The ABI is in
 * include/uapi/bugcheck.h.  Every command needs CAP_SYS_ADMIN, checked by
 * bc_pre_doit() and bc_list_start() (not GENL_ADMIN_PERM, which would ask
 * for CAP_NET_ADMIN on top, net/netlink/genetlink.c); the family
 * exists only in the initial network namespace, because the records
 * describe the whole machine.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/kernel.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "internal.h"

static struct genl_family bc_genl_family;

static const struct nla_policy bc_policy[BUGCHECK_A_MAX + 1] = {
	[BUGCHECK_A_SLOT] = NLA_POLICY_MAX(NLA_U32, BUGCHECK_MAX_SLOTS - 1),
	[BUGCHECK_A_OFFSET] = { .type = NLA_U32 },
	[BUGCHECK_A_SEQ] = { .type = NLA_U64 },
	[BUGCHECK_A_BOOT_ID] = NLA_POLICY_EXACT_LEN(16),
	[BUGCHECK_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, BUGCHECK_CLEAR_FORCE),
};

static bool bc_allowed(struct sk_buff *skb, struct netlink_ext_ack *extack)
{
	if (netlink_capable(skb, CAP_SYS_ADMIN))
		return true;
	NL_SET_ERR_MSG(extack, "bugcheck: CAP_SYS_ADMIN required");
	return false;
}

static int bc_pre_doit(const struct genl_ops *ops, struct sk_buff *skb,
		       struct genl_info *info)
{
	return bc_allowed(skb, info->extack) ? 0 : -EPERM;
}

/* The SLOT attribute of a request, checked against the region. */
static int get_slot(struct genl_info *info, u32 *slot)
{
	if (GENL_REQ_ATTR_CHECK(info, BUGCHECK_A_SLOT))
		return -EINVAL;
	*slot = nla_get_u32(info->attrs[BUGCHECK_A_SLOT]);
	if (*slot >= bc_region.slot_count) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[BUGCHECK_A_SLOT],
				    "no such slot");
		return -ENOENT;
	}
	return 0;
}

/* The header words that change whenever a capture writes a slot. */
struct bc_seen {
	u32 state;
	u64 seq;
};

static void slot_seen(u32 slot, struct bc_seen *s)
{
	const struct bugcheck_record_hdr *h = (const void *)bc_slot_ptr(slot);

	s->state = le32_to_cpu(READ_ONCE(h->state));
	s->seq = le64_to_cpu(READ_ONCE(h->seq));
}

/* Under bc_user_begin(): does slot @slot still hold what @seen saw? */
static bool slot_unchanged(u32 slot, const struct bc_seen *seen)
{
	struct bc_seen now;

	slot_seen(slot, &now);
	return now.state == seen->state && now.seq == seen->seq;
}

/*
 * Store @state in slot @slot's header, if the slot still holds what was
 * validated after @seen was taken.  Under the capture owner
 * (bc_user_begin()), so no capture can write the slot between that check
 * and this store, nor update the cached verdict at the same time.  Also
 * releases the crash path's first/latest protection of the slot.
 */
static int slot_write(struct genl_info *info, u32 slot,
		      const struct bc_seen *seen, u32 state)
{
	struct bugcheck_record_hdr *h = (void *)bc_slot_ptr(slot);
	struct bc_slot_info *si = &bc_region.slots[slot];
	unsigned long flags;

	bc_lab_delay(slot);
	if (!bc_user_begin(&flags)) {
		NL_SET_ERR_MSG(info->extack,
			       "a crash is being captured; try again");
		return -EBUSY;
	}
	if (!slot_unchanged(slot, seen)) {
		bc_user_end(flags);
		NL_SET_ERR_MSG(info->extack,
			       "a crash was stored in the slot meanwhile");
		return -ESTALE;
	}
	WRITE_ONCE(h->state, cpu_to_le32(state));
	if (state == BUGCHECK_STATE_EMPTY) {
		memset(h->magic, 0, sizeof(h->magic));
		si->valid = BUGCHECK_VALID_EMPTY;
		si->wall_ns = 0;
	}
	si->state = state;
	bc_flush(h, sizeof(*h));
	bc_capture_forget_slot(slot);
	bc_user_end(flags);
	return 0;
}

/* Extent of the record in slot @i: what READ returns. */
static u32 record_extent(u32 i, struct bc_check *c)
{
	bc_record_check(bc_slot_ptr(i), bc_region.slot_size, c);
	if (c->valid == BUGCHECK_VALID_OK)
		return c->tail_len ? c->tail_off + c->tail_len : c->primary_len;
	return bc_region.slot_size;
}

static int match_record(struct genl_info *info, u32 slot, bool required);

static int bc_status(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &bc_genl_family, 0,
				BUGCHECK_CMD_STATUS);
	if (!hdr)
		goto err_free;
	if (nla_put_u64_64bit(msg, BUGCHECK_A_REGION_ADDR, bc_region.phys,
			      BUGCHECK_A_PAD) ||
	    nla_put_u64_64bit(msg, BUGCHECK_A_REGION_SIZE, bc_region.size,
			      BUGCHECK_A_PAD) ||
	    nla_put_u32(msg, BUGCHECK_A_SLOT_SIZE, bc_region.slot_size) ||
	    nla_put_u32(msg, BUGCHECK_A_SLOT_COUNT, bc_region.slot_count) ||
	    nla_put_u32(msg, BUGCHECK_A_LAYOUT_VERSION,
			BUGCHECK_LAYOUT_VERSION) ||
	    nla_put_u32(msg, BUGCHECK_A_RECORD_VERSION,
			BUGCHECK_RECORD_VERSION) ||
	    nla_put_u32(msg, BUGCHECK_A_REASONS, bc_reason_mask) ||
	    nla_put(msg, BUGCHECK_A_BOOT_ID, sizeof(bc_boot_id), bc_boot_id) ||
	    nla_put_u32(msg, BUGCHECK_A_CRASHES, atomic_read(&bc_crashes)) ||
	    nla_put_u32(msg, BUGCHECK_A_MISSED, atomic_read(&bc_missed)) ||
	    nla_put_u32(msg, BUGCHECK_A_VENDORS, bc_vendor_count()))
		goto err_free;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static int bc_list_start(struct netlink_callback *cb)
{
	return bc_allowed(cb->skb, cb->extack) ? 0 : -EPERM;
}

static int put_slot(struct sk_buff *skb, struct netlink_callback *cb, u32 i)
{
	const struct bugcheck_record_hdr *h = (const void *)bc_slot_ptr(i);
	unsigned long flags;
	struct bc_seen seen;
	struct bc_check c;
	u32 len;
	void *hdr;

	slot_seen(i, &seen);
	len = record_extent(i, &c);
	/* Refresh the cached verdict too, unless a capture changed it. */
	if (bc_user_begin(&flags)) {
		if (slot_unchanged(i, &seen))
			bc_region_note_slot(i, &c);
		bc_user_end(flags);
	}
	if (c.valid == BUGCHECK_VALID_EMPTY)
		return 0;
	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &bc_genl_family, NLM_F_MULTI, BUGCHECK_CMD_LIST);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, BUGCHECK_A_SLOT, i) ||
	    nla_put_u32(skb, BUGCHECK_A_VALID, c.valid) ||
	    nla_put_u32(skb, BUGCHECK_A_STATE, c.state) ||
	    nla_put_u32(skb, BUGCHECK_A_LEN, len))
		goto err_cancel;
	if (bc_valid_primary(c.valid) &&
	    (nla_put(skb, BUGCHECK_A_BOOT_ID, sizeof(h->boot_id), h->boot_id) ||
	     nla_put_u64_64bit(skb, BUGCHECK_A_SEQ, le64_to_cpu(h->seq),
			       BUGCHECK_A_PAD) ||
	     nla_put_u32(skb, BUGCHECK_A_REASON, le32_to_cpu(h->reason)) ||
	     nla_put_u64_64bit(skb, BUGCHECK_A_WALL_NS, le64_to_cpu(h->wall_ns),
			       BUGCHECK_A_PAD) ||
	     nla_put_u32(skb, BUGCHECK_A_FLAGS, le32_to_cpu(h->flags))))
		goto err_cancel;
	genlmsg_end(skb, hdr);
	return 0;

err_cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int bc_list_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	u32 i;

	mutex_lock(&bc_region.lock);
	for (i = cb->args[0]; i < bc_region.slot_count; i++)
		if (put_slot(skb, cb, i))
			break;
	mutex_unlock(&bc_region.lock);
	cb->args[0] = i;
	return skb->len;
}

static int bc_read(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	unsigned long flags;
	struct bc_check c;
	u32 slot, off, len, n;
	void *hdr;
	int ret;

	ret = get_slot(info, &slot);
	if (ret)
		return ret;
	off = info->attrs[BUGCHECK_A_OFFSET] ?
		      nla_get_u32(info->attrs[BUGCHECK_A_OFFSET]) : 0;
	bc_lab_read_delay(slot, off);
	msg = genlmsg_new(BUGCHECK_READ_CHUNK + NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&bc_region.lock);
	/*
	 * No capture may write the slot between the check and the copy (a
	 * non-fatal oops reuses this boot's latest slot): the reply is one
	 * record's bytes, and names that record.  The message has its room
	 * already, so nothing below sleeps or allocates.
	 */
	if (!bc_user_begin(&flags)) {
		mutex_unlock(&bc_region.lock);
		nlmsg_free(msg);
		NL_SET_ERR_MSG(info->extack,
			       "a crash is being captured; try again");
		return -EAGAIN;
	}
	len = record_extent(slot, &c);
	if (c.valid == BUGCHECK_VALID_EMPTY) {
		NL_SET_ERR_MSG(info->extack, "slot is empty");
		ret = -ENODATA;
		goto err_unlock;
	}
	/*
	 * A reader that names the record (BOOT_ID and SEQ, as the reply
	 * carries them) is refused once a later crash replaced it, so it
	 * cannot splice two records across chunks.
	 */
	ret = bc_valid_primary(c.valid) ? match_record(info, slot, false) : 0;
	if (ret)
		goto err_unlock;
	if (off > len) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[BUGCHECK_A_OFFSET],
				    "offset beyond the record");
		ret = -ERANGE;
		goto err_unlock;
	}
	n = min_t(u32, len - off, BUGCHECK_READ_CHUNK);
	ret = -EMSGSIZE;
	hdr = genlmsg_put_reply(msg, info, &bc_genl_family, 0,
				BUGCHECK_CMD_READ);
	if (!hdr)
		goto err_unlock;
	if (nla_put_u32(msg, BUGCHECK_A_SLOT, slot) ||
	    nla_put_u32(msg, BUGCHECK_A_VALID, c.valid) ||
	    nla_put_u32(msg, BUGCHECK_A_OFFSET, off) ||
	    nla_put_u32(msg, BUGCHECK_A_LEN, len) ||
	    nla_put(msg, BUGCHECK_A_DATA, n, bc_slot_ptr(slot) + off))
		goto err_unlock;
	if (bc_valid_primary(c.valid)) {
		const struct bugcheck_record_hdr *h = (void *)bc_slot_ptr(slot);

		if (nla_put(msg, BUGCHECK_A_BOOT_ID, sizeof(h->boot_id),
			    h->boot_id) ||
		    nla_put_u64_64bit(msg, BUGCHECK_A_SEQ, le64_to_cpu(h->seq),
				      BUGCHECK_A_PAD))
			goto err_unlock;
	}
	bc_user_end(flags);
	mutex_unlock(&bc_region.lock);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_unlock:
	bc_user_end(flags);
	mutex_unlock(&bc_region.lock);
	nlmsg_free(msg);
	return ret;
}

/*
 * Does slot @slot still hold the record the caller named?  The boot id and
 * sequence number protect against acknowledging a record that a later crash
 * (a non-fatal oops while the agent runs) has replaced.
 */
static int match_record(struct genl_info *info, u32 slot, bool required)
{
	const struct bugcheck_record_hdr *h = (const void *)bc_slot_ptr(slot);
	struct nlattr **a = info->attrs;

	if (!a[BUGCHECK_A_BOOT_ID] || !a[BUGCHECK_A_SEQ]) {
		if (!required)
			return 0;
		NL_SET_ERR_MSG(info->extack, "BOOT_ID and SEQ are required");
		return -EINVAL;
	}
	if (memcmp(nla_data(a[BUGCHECK_A_BOOT_ID]), h->boot_id, 16) ||
	    nla_get_u64(a[BUGCHECK_A_SEQ]) != le64_to_cpu(h->seq)) {
		NL_SET_ERR_MSG(info->extack,
			       "slot no longer holds that record");
		return -ESTALE;
	}
	return 0;
}

static int bc_mark_collected(struct sk_buff *skb, struct genl_info *info)
{
	struct bugcheck_record_hdr *h;
	struct bc_seen seen;
	struct bc_check c;
	u32 slot;
	int ret;

	ret = get_slot(info, &slot);
	if (ret)
		return ret;
	mutex_lock(&bc_region.lock);
	h = (void *)bc_slot_ptr(slot);
	slot_seen(slot, &seen);
	bc_record_check(h, bc_region.slot_size, &c);
	if (!bc_valid_primary(c.valid)) {
		NL_SET_ERR_MSG(info->extack,
			       "slot holds no valid record; use CLEAR");
		ret = -ENODATA;
		goto out;
	}
	ret = match_record(info, slot, true);
	if (ret)
		goto out;
	ret = slot_write(info, slot, &seen, BUGCHECK_STATE_COLLECTED);
out:
	mutex_unlock(&bc_region.lock);
	return ret;
}

static int bc_clear(struct sk_buff *skb, struct genl_info *info)
{
	struct bugcheck_record_hdr *h;
	struct bc_seen seen;
	struct bc_check c;
	u32 slot, flags;
	int ret;

	ret = get_slot(info, &slot);
	if (ret)
		return ret;
	flags = info->attrs[BUGCHECK_A_FLAGS] ?
			nla_get_u32(info->attrs[BUGCHECK_A_FLAGS]) : 0;
	mutex_lock(&bc_region.lock);
	h = (void *)bc_slot_ptr(slot);
	slot_seen(slot, &seen);
	bc_record_check(h, bc_region.slot_size, &c);
	if (bc_valid_primary(c.valid)) {
		ret = match_record(info, slot, false);
		if (ret)
			goto out;
		if (c.state != BUGCHECK_STATE_COLLECTED &&
		    !(flags & BUGCHECK_CLEAR_FORCE)) {
			NL_SET_ERR_MSG(info->extack,
				       "record not collected yet; mark it collected first or pass FORCE");
			ret = -EPERM;
			goto out;
		}
	} else if (c.valid != BUGCHECK_VALID_EMPTY &&
		   !(flags & BUGCHECK_CLEAR_FORCE)) {
		NL_SET_ERR_MSG(info->extack,
			       "slot holds a damaged record; pass FORCE to erase it");
		ret = -EPERM;
		goto out;
	}
	ret = slot_write(info, slot, &seen, BUGCHECK_STATE_EMPTY);
out:
	mutex_unlock(&bc_region.lock);
	return ret;
}

static const struct genl_ops bc_genl_ops[] = {
	{
		.cmd = BUGCHECK_CMD_STATUS,
		.doit = bc_status,
	}, {
		.cmd = BUGCHECK_CMD_LIST,
		.start = bc_list_start,
		.dumpit = bc_list_dump,
	}, {
		.cmd = BUGCHECK_CMD_READ,
		.doit = bc_read,
	}, {
		.cmd = BUGCHECK_CMD_MARK_COLLECTED,
		.doit = bc_mark_collected,
	}, {
		.cmd = BUGCHECK_CMD_CLEAR,
		.doit = bc_clear,
	},
};

static struct genl_family bc_genl_family __ro_after_init = {
	.name = BUGCHECK_GENL_NAME,
	.version = BUGCHECK_GENL_VERSION,
	.maxattr = BUGCHECK_A_MAX,
	.policy = bc_policy,
	.pre_doit = bc_pre_doit,
	.ops = bc_genl_ops,
	.n_ops = ARRAY_SIZE(bc_genl_ops),
	/* Every command gets strict validation (header, attributes). */
	.resv_start_op = BUGCHECK_CMD_STATUS,
	.module = THIS_MODULE,
	.netnsok = false,
};

/**
 * bc_genl_init() - register the "bugcheck" generic netlink family
 */
int bc_genl_init(void)
{
	return genl_register_family(&bc_genl_family);
}

/**
 * bc_genl_exit() - unregister the family
 */
void bc_genl_exit(void)
{
	genl_unregister_family(&bc_genl_family);
}
