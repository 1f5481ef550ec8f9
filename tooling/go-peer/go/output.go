package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/hashicorp/memberlist"
)

// output writes one JSON object per line. Every write is a single Write call under a mutex, so
// lines from concurrent goroutines (memberlist delegates, the command loop) never interleave.
type output struct {
	mu  sync.Mutex
	enc *json.Encoder
}

func newOutput(w io.Writer) *output {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &output{enc: enc}
}

// event is one output line; "event" is its discriminator.
type event map[string]interface{}

func (o *output) emit(e event) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if err := o.enc.Encode(e); err != nil {
		fmt.Fprintf(os.Stderr, "go-peer: cannot write event: %v\n", err)
	}
}

// emitError reports a failure; id and cmd are set when it answers a command.
func (o *output) emitError(id interface{}, cmd string, err error) {
	e := event{"event": "error", "error": err.Error()}
	if id != nil {
		e["id"] = id
	}
	if cmd != "" {
		e["cmd"] = cmd
	}
	o.emit(e)
}

func b64(b []byte) string {
	return base64.StdEncoding.EncodeToString(b)
}

func stateName(s memberlist.NodeStateType) string {
	switch s {
	case memberlist.StateAlive:
		return "alive"
	case memberlist.StateSuspect:
		return "suspect"
	case memberlist.StateDead:
		return "dead"
	case memberlist.StateLeft:
		return "left"
	}
	return fmt.Sprintf("unknown(%d)", int(s))
}

// nodeFields describes a member. The fields are copied at once: memberlist may change the Node
// after the delegate returns.
func nodeFields(n *memberlist.Node) event {
	state, incarnation := realState(n)
	f := event{
		"name":        n.Name,
		"addr":        n.Address(),
		"meta":        b64(n.Meta),
		"state":       stateName(state),
		"incarnation": incarnation,
		// Protocol and delegate versions: [pmin, pmax, pcur, dmin, dmax, dcur].
		"vsn": []int{int(n.PMin), int(n.PMax), int(n.PCur), int(n.DMin), int(n.DMax), int(n.DCur)},
	}
	if tags, ok := decodeTags(n.Meta); ok {
		f["tags"] = tags
	}
	return f
}
