package io.meshgate.cli;

import java.util.List;

/** The API answered with an error; carries the problem document to print. */
final class ProblemException extends CliException {
    private final Problem problem;

    ProblemException(Problem problem) {
        super(problem.title() + ": " + problem.detail());
        this.problem = problem;
    }

    Problem problem() {
        return problem;
    }

    int status() {
        return problem.status();
    }

    @Override
    List<String> lines() {
        return problem.render();
    }
}
