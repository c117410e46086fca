// argocd-health-lua runs one Argo CD resource health script the way Argo CD's application controller does:
// gopher-lua (the interpreter Argo CD embeds, same version), only the base, package and table libraries opened
// (Argo CD opens no string or math library for health customizations), the resource as the global `obj`
// (JSON objects as tables, arrays as 1-based tables, numbers as numbers), a one-second limit, and the returned
// table read as {status, message} with a status outside Argo CD's six becoming Unknown.
//
// Usage: argocd-health-lua SCRIPT.lua OBJECT.json   prints {"status":"...","message":"..."}; exit 1 on a script error.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	lua "github.com/yuin/gopher-lua"
)

var validStatuses = map[string]bool{
	"Healthy": true, "Progressing": true, "Degraded": true, "Suspended": true, "Missing": true, "Unknown": true,
}

func main() {
	if len(os.Args) != 3 {
		fail("usage: argocd-health-lua SCRIPT.lua OBJECT.json")
	}
	script, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail(err.Error())
	}
	raw, err := os.ReadFile(os.Args[2])
	if err != nil {
		fail(err.Error())
	}
	var object map[string]interface{}
	if err := json.Unmarshal(raw, &object); err != nil {
		fail(os.Args[2] + ": " + err.Error())
	}
	status, message, err := health(string(script), object)
	if err != nil {
		fail(err.Error())
	}
	out, _ := json.Marshal(map[string]string{"status": status, "message": message})
	fmt.Println(string(out))
}

func health(script string, object map[string]interface{}) (string, string, error) {
	l := lua.NewState(lua.Options{SkipOpenLibs: true})
	defer l.Close()
	for name, open := range map[string]lua.LGFunction{
		lua.LoadLibName: lua.OpenPackage, lua.BaseLibName: lua.OpenBase, lua.TabLibName: lua.OpenTable,
	} {
		if err := l.CallByParam(lua.P{Fn: l.NewFunction(open), NRet: 0, Protect: true}, lua.LString(name)); err != nil {
			return "", "", err
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	l.SetContext(ctx)
	l.SetGlobal("obj", toLua(l, object))
	if err := l.DoString(script); err != nil {
		return "", "", err
	}
	result, ok := l.Get(-1).(*lua.LTable)
	if !ok {
		return "", "", fmt.Errorf("expect table output from Lua script, not %s", l.Get(-1).Type())
	}
	status := lua.LVAsString(result.RawGetString("status"))
	if !validStatuses[status] {
		return "Unknown", "Lua returned an invalid health status", nil
	}
	return status, lua.LVAsString(result.RawGetString("message")), nil
}

func toLua(l *lua.LState, value interface{}) lua.LValue {
	switch v := value.(type) {
	case bool:
		return lua.LBool(v)
	case float64:
		return lua.LNumber(v)
	case string:
		return lua.LString(v)
	case []interface{}:
		table := l.CreateTable(len(v), 0)
		for _, item := range v {
			table.Append(toLua(l, item))
		}
		return table
	case map[string]interface{}:
		table := l.CreateTable(0, len(v))
		for key, item := range v {
			table.RawSetH(lua.LString(key), toLua(l, item))
		}
		return table
	}
	return lua.LNil
}

func fail(message string) {
	fmt.Fprintln(os.Stderr, "argocd-health-lua: "+message)
	os.Exit(1)
}
