package compare

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sort"
)

// diff compares two snapshots: from is the source, to the target.
func diff(from, to snapshot) []Difference {
	var out []Difference
	for _, id := range sortedIDs(from, to) {
		f, inFrom := from[id]
		t, inTo := to[id]
		d := Difference{ID: id}
		switch {
		case inFrom && !inTo:
			d.Kind, d.Key, d.Parent, d.Change = f.kind, f.key, f.parent, Added
			d.From = encode(f.value)
		case !inFrom && inTo:
			d.Kind, d.Key, d.Parent, d.Change = t.kind, t.key, t.parent, Removed
			d.To = encode(t.value)
		default:
			fields := changedFields(f.value, t.value)
			if len(fields) == 0 {
				continue
			}
			d.Kind, d.Key, d.Parent, d.Change, d.Fields = f.kind, f.key, f.parent, Changed, fields
			d.From, d.To = encode(f.value), encode(t.value)
		}
		out = append(out, d)
	}
	return out
}

// changedFields lists the top-level fields whose values differ, sorted.
func changedFields(a, b map[string]any) []string {
	var fields []string
	for k, v := range a {
		if !reflect.DeepEqual(v, b[k]) {
			fields = append(fields, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			fields = append(fields, k)
		}
	}
	sort.Strings(fields)
	return fields
}

// encode writes v as compact JSON with sorted keys.
func encode(v any) json.RawMessage {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // values decoded from JSON always encode
	return json.RawMessage(bytes.TrimRight(buf.Bytes(), "\n"))
}

// summarise fills in the counts and the in-sync flag.
func summarise(r *Result) {
	r.Counts = map[Kind]Counts{}
	for _, d := range r.Differences {
		c := r.Counts[d.Kind]
		switch d.Change {
		case Added:
			c.Added++
		case Removed:
			c.Removed++
		case Changed:
			c.Changed++
		}
		r.Counts[d.Kind] = c
	}
	if r.Differences == nil {
		r.Differences = []Difference{}
	}
	r.InSync = len(r.Differences) == 0
}
