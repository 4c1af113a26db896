package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"

	"github.com/urfave/cli/v2"
)

// profileFlags let a user (or the bench scripts) profile a real run with
// go tool pprof, without a special build.
func profileFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "cpuprofile", Usage: "write a CPU profile of the run to `FILE` (read it with go tool pprof)"},
		&cli.StringFlag{Name: "memprofile", Usage: "write an allocation profile of the run to `FILE`"},
		&cli.StringFlag{Name: "trace", Usage: "write an execution trace of the run to `FILE` (read it with go tool trace): where the workers wait"},
	}
}

// startProfiles starts what the global flags ask for and gives the function
// that stops them and writes the files.
func startProfiles(c *cli.Context) (stop func() error, err error) {
	var cpu *os.File
	if path := c.String("cpuprofile"); path != "" {
		if cpu, err = os.Create(path); err != nil {
			return nil, &exitError{code: 2, msg: fmt.Sprintf("--cpuprofile: %v", err)}
		}
		if err := pprof.StartCPUProfile(cpu); err != nil {
			cpu.Close()
			return nil, &exitError{code: 2, msg: fmt.Sprintf("--cpuprofile: %v", err)}
		}
	}
	var tr *os.File
	if path := c.String("trace"); path != "" {
		if tr, err = os.Create(path); err == nil {
			err = trace.Start(tr)
		}
		if err != nil {
			if cpu != nil {
				pprof.StopCPUProfile()
				cpu.Close()
			}
			if tr != nil {
				tr.Close()
			}
			return nil, &exitError{code: 2, msg: fmt.Sprintf("--trace: %v", err)}
		}
	}
	memPath := c.String("memprofile")
	if memPath != "" {
		runtime.MemProfileRate = 64 << 10
	}
	return func() error {
		if tr != nil {
			trace.Stop()
			if err := tr.Close(); err != nil {
				return &exitError{code: 1, msg: fmt.Sprintf("--trace: %v", err)}
			}
		}
		if cpu != nil {
			pprof.StopCPUProfile()
			if err := cpu.Close(); err != nil {
				return &exitError{code: 1, msg: fmt.Sprintf("--cpuprofile: %v", err)}
			}
		}
		if memPath != "" {
			f, err := os.Create(memPath)
			if err != nil {
				return &exitError{code: 1, msg: fmt.Sprintf("--memprofile: %v", err)}
			}
			defer f.Close()
			runtime.GC() // the profile holds allocations up to the last collection
			if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
				return &exitError{code: 1, msg: fmt.Sprintf("--memprofile: %v", err)}
			}
		}
		return nil
	}, nil
}
