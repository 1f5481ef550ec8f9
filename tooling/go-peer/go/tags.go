package main

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/hashicorp/go-msgpack/codec"
)

// tagMagicByte starts node meta that carries Serf-style tags: 0xFF, then a msgpack map of
// string to string, encoded with go-msgpack's default MsgpackHandle exactly as Serf does.
// Go randomises map iteration, so two encodings of the same tags may order keys differently;
// compare decoded maps, never bytes.
const tagMagicByte byte = 0xFF

func encodeTags(tags map[string]string) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte(tagMagicByte)
	if err := codec.NewEncoder(&buf, &codec.MsgpackHandle{}).Encode(tags); err != nil {
		return nil, fmt.Errorf("encode tags: %v", err)
	}
	return buf.Bytes(), nil
}

// decodeTags returns the tags in meta when it starts with the magic byte and decodes cleanly.
func decodeTags(meta []byte) (map[string]string, bool) {
	if len(meta) == 0 || meta[0] != tagMagicByte {
		return nil, false
	}
	tags := map[string]string{}
	if err := codec.NewDecoder(bytes.NewReader(meta[1:]), &codec.MsgpackHandle{}).Decode(&tags); err != nil {
		return nil, false
	}
	return tags, true
}

// parseTagList reads "k=v,k2=v2" (the -tags flag). Keys must be non-empty and unique.
func parseTagList(s string) (map[string]string, error) {
	tags := map[string]string{}
	if s == "" {
		return tags, nil
	}
	for _, pair := range strings.Split(s, ",") {
		kv := strings.SplitN(pair, "=", 2)
		if len(kv) != 2 || kv[0] == "" {
			return nil, fmt.Errorf("bad tag %q: want key=value", pair)
		}
		if _, dup := tags[kv[0]]; dup {
			return nil, fmt.Errorf("duplicate tag %q", kv[0])
		}
		tags[kv[0]] = kv[1]
	}
	return tags, nil
}
