package main

import (
	"crypto/sha256"
	"sync"
)

// seenSet remembers the payloads of the last `capacity` broadcasts (by SHA-256) for -rebroadcast.
//
// memberlist sends a user broadcast only RetransmitMult × ⌈log10(N+1)⌉ times in total, from the
// node that queued it; receivers do not pass it on. Applications that need every member to see
// it re-queue what they receive, once (Serf does, with Lamport clocks). With -rebroadcast the peer
// does that: each payload it has not seen yet is queued again. Identical payloads count as one.
type seenSet struct {
	mu       sync.Mutex
	capacity int
	keys     map[[sha256.Size]byte]struct{}
	order    [][sha256.Size]byte
}

func newSeenSet(capacity int) *seenSet {
	return &seenSet{capacity: capacity, keys: map[[sha256.Size]byte]struct{}{}}
}

// add records payload and reports whether it was new.
func (s *seenSet) add(payload []byte) bool {
	key := sha256.Sum256(payload)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.keys[key]; ok {
		return false
	}
	if len(s.order) >= s.capacity {
		delete(s.keys, s.order[0])
		s.order = s.order[1:]
	}
	s.keys[key] = struct{}{}
	s.order = append(s.order, key)
	return true
}
