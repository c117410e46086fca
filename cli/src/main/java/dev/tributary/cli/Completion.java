package dev.tributary.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tributary completion bash|zsh}: a shell completion script. The options of each command are read from its
 * usage text, so the script stays in step with what the commands accept.
 */
final class Completion {

    static final String USAGE = """
            usage: tributary completion bash|zsh

              completion print a completion script for the shell: commands, their options, the values of
                         options that have a fixed set, files (folders for dev) for the rest.
                           bash: source <(tributary completion bash)      (or into ~/.bashrc)
                           zsh:  source <(tributary completion zsh)       (after compinit, e.g. in ~/.zshrc)
            """;

    static final List<String> COMMANDS = List.of("validate", "render", "dev", "diff", "completion", "help");
    private static final Pattern OPTION = Pattern.compile("(?<=\\s)(--[a-z][a-z-]*)( [A-Z][A-Z/.,]*)?");
    private static final Map<String, List<String>> CHOICES = Map.of(
            "--security-protocol", RenderSettings.SECURITY_PROTOCOLS,
            "--sasl-mechanism", RenderSettings.SASL_MECHANISMS);

    private Completion() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() != 1 || !(args.get(0).equals("bash") || args.get(0).equals("zsh"))) {
            err.println("tributary completion: name the shell, bash or zsh");
            err.print(USAGE);
            return 2;
        }
        out.print(args.get(0).equals("bash") ? bash() : zsh());
        return 0;
    }

    /** A command's options, each mapped to whether it takes a value, as its usage lists them; with --help. */
    static Map<String, Boolean> options(String command) {
        Map<String, Boolean> options = new LinkedHashMap<>();
        String usage = Tributary.usageOf(command);
        if (usage != null) {
            Matcher m = OPTION.matcher(usage);
            while (m.find()) {
                options.merge(m.group(1), m.group(2) != null, Boolean::logicalOr);
            }
        }
        options.put("--help", false);
        return options;
    }

    static String bash() {
        StringBuilder s = new StringBuilder("""
                # bash completion for tributary: source <(tributary completion bash)
                _tributary() {
                  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" opts="" values=""
                  if [[ $COMP_CWORD -eq 1 ]]; then
                    COMPREPLY=($(compgen -W "%s --help --version" -- "$cur"))
                    return
                  fi
                  case "${COMP_WORDS[1]}" in
                """.formatted(String.join(" ", COMMANDS)));
        for (String command : List.of("validate", "render", "dev", "diff")) {
            Map<String, Boolean> options = options(command);
            s.append("    ").append(command).append(") opts=\"").append(String.join(" ", options.keySet()))
                    .append("\"; values=\"").append(String.join(" ", options.entrySet().stream()
                            .filter(Map.Entry::getValue).map(Map.Entry::getKey).toList())).append("\" ;;\n");
        }
        s.append("""
                    completion) COMPREPLY=($(compgen -W "bash zsh" -- "$cur")); return ;;
                    help) COMPREPLY=($(compgen -W "%s" -- "$cur")); return ;;
                    *) return ;;
                  esac
                  case "$prev" in
                """.formatted(String.join(" ", COMMANDS.subList(0, 5))));
        CHOICES.forEach((option, values) -> s.append("    ").append(option).append(") COMPREPLY=($(compgen -W \"")
                .append(String.join(" ", values)).append("\" -- \"$cur\")); return ;;\n"));
        s.append("""
                  esac
                  if [[ " $values " == *" $prev "* ]]; then
                    return
                  fi
                  if [[ "$cur" == -* ]]; then
                    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
                  elif [[ "${COMP_WORDS[1]}" == dev ]]; then
                    COMPREPLY=($(compgen -d -- "$cur"))
                  else
                    COMPREPLY=($(compgen -f -- "$cur"))
                  fi
                }
                complete -o filenames -F _tributary tributary
                """);
        return s.toString();
    }

    static String zsh() {
        StringBuilder s = new StringBuilder("""
                #compdef tributary
                # zsh completion for tributary: source <(tributary completion zsh)
                _tributary() {
                  if (( CURRENT == 2 )); then
                    compadd -- %s --help --version
                    return
                  fi
                  case $words[2] in
                """.formatted(String.join(" ", COMMANDS)));
        for (String command : List.of("validate", "render", "dev", "diff")) {
            s.append("    ").append(command).append(") _arguments");
            options(command).forEach((option, takesValue) -> {
                List<String> choices = CHOICES.get(option);
                s.append(" '").append(option);
                if (choices != null) {
                    s.append(":value:(").append(String.join(" ", choices)).append(")");
                } else if (takesValue) {
                    s.append(":value: ");
                }
                s.append('\'');
            });
            s.append(command.equals("dev") ? " '*:folder:_files -/'" : " '*:file:_files'").append(" ;;\n");
        }
        s.append("""
                    completion) compadd -- bash zsh ;;
                    help) compadd -- %s ;;
                  esac
                }
                compdef _tributary tributary
                """.formatted(String.join(" ", COMMANDS.subList(0, 5))));
        return s.toString();
    }
}
