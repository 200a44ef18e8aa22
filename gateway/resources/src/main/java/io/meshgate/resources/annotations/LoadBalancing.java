package io.meshgate.resources.annotations;

/** The values of {@code lb-type}: how a backend's endpoints share requests. */
public enum LoadBalancing {
    ROUND_ROBIN("round-robin"),
    /** By client address, so one client keeps reaching one endpoint while the endpoints stay the same. */
    HASHING("hashing"),
    /** The endpoint with the fewest requests in flight. */
    LEAST_WORK("least-work");

    private final String word;

    LoadBalancing(String word) {
        this.word = word;
    }

    /** The annotation's word for this value. */
    public String word() {
        return word;
    }
}
