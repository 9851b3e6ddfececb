package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// subcommands are the commands completion offers.
var subcommands = []string{"report", "query", "cat", "export", "merge", "fields", "completion", "help", "version"}

// completionFlags lists each subcommand's flags, for the completion
// scripts, as the subcommand's own --help prints them (so the two cannot
// disagree).
func completionFlags() map[string][]string {
	out := map[string][]string{}
	for _, cmd := range []string{"report", "query", "cat", "export", "merge", "fields"} {
		var help strings.Builder
		run([]string{cmd, "--help"}, strings.NewReader(""), &help, io.Discard)
		var names []string
		for _, line := range strings.Split(help.String(), "\n") {
			if rest, ok := strings.CutPrefix(line, "  -"); ok {
				name, _, _ := strings.Cut(rest, " ")
				names = append(names, "--"+name)
			}
		}
		out[cmd] = append(names, "--help")
	}
	return out
}

const completionHead = "Usage: bucketlogs completion bash|zsh|fish\n\nPrints a shell completion script. Install it with, for example:\n" +
	"  bucketlogs completion bash > /etc/bash_completion.d/bucketlogs\n" +
	"  bucketlogs completion zsh > \"${fpath[1]}/_bucketlogs\"\n" +
	"  bucketlogs completion fish > ~/.config/fish/completions/bucketlogs.fish\n"

func runCompletion(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("completion", flag.ContinueOnError)
	pos, status, done := parseFlags(fs, args, completionHead, stdout, stderr)
	if done {
		return status
	}
	if len(pos) != 1 {
		fmt.Fprint(stderr, completionHead)
		return exitUsage
	}
	flags := completionFlags()
	var b strings.Builder
	switch pos[0] {
	case "bash":
		b.WriteString("# bash completion for bucketlogs\n_bucketlogs() {\n  local cur=${COMP_WORDS[COMP_CWORD]} cmd=${COMP_WORDS[1]}\n")
		fmt.Fprintf(&b, "  if [ \"$COMP_CWORD\" -eq 1 ]; then COMPREPLY=($(compgen -W %q -- \"$cur\")); return; fi\n", strings.Join(subcommands, " "))
		b.WriteString("  case \"$cmd\" in\n")
		for _, cmd := range []string{"report", "query", "cat", "export", "merge", "fields"} {
			fmt.Fprintf(&b, "    %s) if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W %q -- \"$cur\")); else COMPREPLY=($(compgen -f -- \"$cur\")); fi ;;\n", cmd, strings.Join(flags[cmd], " "))
		}
		b.WriteString("    completion) COMPREPLY=($(compgen -W \"bash zsh fish\" -- \"$cur\")) ;;\n    help) COMPREPLY=($(compgen -W \"report query cat fields completion\" -- \"$cur\")) ;;\n  esac\n}\ncomplete -o default -F _bucketlogs bucketlogs\n")
	case "zsh":
		b.WriteString("#compdef bucketlogs\n_bucketlogs() {\n  if (( CURRENT == 2 )); then\n")
		fmt.Fprintf(&b, "    compadd -- %s\n    return\n  fi\n  case ${words[2]} in\n", strings.Join(subcommands, " "))
		for _, cmd := range []string{"report", "query", "cat", "export", "merge", "fields"} {
			fmt.Fprintf(&b, "    %s) compadd -- %s; _files ;;\n", cmd, strings.Join(flags[cmd], " "))
		}
		b.WriteString("    completion) compadd -- bash zsh fish ;;\n    help) compadd -- report query cat fields completion ;;\n  esac\n}\ncompdef _bucketlogs bucketlogs\n")
	case "fish":
		b.WriteString("# fish completion for bucketlogs\ncomplete -c bucketlogs -f\n")
		fmt.Fprintf(&b, "complete -c bucketlogs -n __fish_use_subcommand -a %q\n", strings.Join(subcommands, " "))
		for _, cmd := range []string{"report", "query", "cat", "export", "merge", "fields"} {
			for _, f := range flags[cmd] {
				fmt.Fprintf(&b, "complete -c bucketlogs -n '__fish_seen_subcommand_from %s' -l %s\n", cmd, strings.TrimPrefix(f, "--"))
			}
			fmt.Fprintf(&b, "complete -c bucketlogs -n '__fish_seen_subcommand_from %s' -F\n", cmd)
		}
		b.WriteString("complete -c bucketlogs -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'\n")
	default:
		fmt.Fprintf(stderr, "bucketlogs completion: unknown shell %q (want bash, zsh or fish)\n", pos[0])
		return exitUsage
	}
	return writeOut(stdout, []byte(b.String()), stderr)
}
