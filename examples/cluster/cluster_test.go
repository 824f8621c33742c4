package cluster

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"go.yaml.in/yaml/v3"
)

const iterations = "3000"

// built is the command, built once for both tests (TestMain removes it).
var built struct {
	once     sync.Once
	dir, bin string
	err      error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// build builds the command (once) and returns its path and the absolute
// path of the bundled scenario.
func build(t *testing.T) (bin, scenario string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the command and runs it several times")
	}
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "cluster-test"); built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "ipscba")
		if out, err := exec.Command("go", "build", "-o", built.bin, "../ipscba").CombinedOutput(); err != nil {
			built.err = fmt.Errorf("%v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	scenario, err := filepath.Abs("../../scenarios/norway-norce.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return built.bin, scenario
}

// single returns the report of the whole run on one machine.
func single(t *testing.T, bin, scenario, seed string) []byte {
	t.Helper()
	out, err := exec.Command(bin, "-iterations", iterations, "-seed", seed, "-workers", "2", "-format", "json", scenario).Output()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func runScript(t *testing.T, shell, script string, env ...string) {
	t.Helper()
	cmd := exec.Command(shell, "-c", script)
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
}

func TestSlurmArrayMergesToTheSingleRun(t *testing.T) {
	bin, scenario := build(t)
	t.Parallel()
	out := t.TempDir()
	env := []string{"IPSCBA=" + bin, "SCENARIO=" + scenario, "ITERATIONS=" + iterations, "SEED=7", "WORKERS=2", "OUT=" + out}
	const tasks = 4
	for k := range tasks {
		runScript(t, "bash", "./slurm.sh", append(env, fmt.Sprintf("SLURM_ARRAY_TASK_ID=%d", k), fmt.Sprintf("SLURM_ARRAY_TASK_COUNT=%d", tasks))...)
	}
	runScript(t, "bash", "./merge.sh", env...)
	merged, err := os.ReadFile(filepath.Join(out, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(merged, single(t, bin, scenario, "7")) {
		t.Error("the merged shards' report differs from the single run's")
	}
}

// manifest reads a Job manifest's container: its script and environment.
func manifest(t *testing.T, path string) (script string, env []string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var job struct {
		Spec struct {
			Template struct {
				Spec struct {
					Containers []struct {
						Command []string
						Args    []string
						Env     []struct{ Name, Value string }
					}
				}
			}
		}
	}
	if err := yaml.Unmarshal(data, &job); err != nil {
		t.Fatal(err)
	}
	c := job.Spec.Template.Spec.Containers[0]
	if len(c.Command) != 2 || c.Command[1] != "-c" || len(c.Args) != 1 {
		t.Fatalf("%s: the container does not run a shell script: %v %v", path, c.Command, c.Args)
	}
	for _, e := range c.Env {
		env = append(env, e.Name+"="+e.Value)
	}
	return c.Args[0], env
}

func TestKubernetesJobMergesToTheSingleRun(t *testing.T) {
	bin, scenario := build(t)
	t.Parallel()
	out := t.TempDir()
	script, env := manifest(t, "job.yaml")
	shards := 0
	for _, e := range env {
		fmt.Sscanf(e, "SHARDS=%d", &shards)
	}
	if shards < 2 {
		t.Fatalf("the manifest sets SHARDS=%d", shards)
	}
	// The manifest's environment, with fewer iterations and local paths.
	local := append(env, "IPSCBA="+bin, "SCENARIO="+scenario, "OUT="+out, "ITERATIONS="+iterations, "SEED=9")
	for k := range shards {
		runScript(t, "sh", script, append(local, fmt.Sprintf("JOB_COMPLETION_INDEX=%d", k))...)
	}
	mergeScript, _ := manifest(t, "merge-job.yaml")
	runScript(t, "sh", mergeScript, "IPSCBA="+bin, "SCENARIO="+scenario, "OUT="+out)
	merged, err := os.ReadFile(filepath.Join(out, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(merged, single(t, bin, scenario, "9")) {
		t.Error("the merged shards' report differs from the single run's")
	}
}
