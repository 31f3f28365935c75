package org.parledger.query.replay;

import org.parledger.proof.StoredEvent;

import org.parledger.proof.Hashes;

import org.parledger.api.ledger.LedgerCheckpointSigned;
import org.parledger.proof.EventHashing;
import org.parledger.proof.MerkleTree;
import tools.jackson.databind.json.JsonMapper;

import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SerializedMetaData;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.postgresql.PGStatement;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.time.Instant;
import java.util.List;
import java.util.HashMap;
import java.util.Arrays;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

/**
 * Reads the ledger for a replay's bulk pass faster than the event store's own reader: a fetch thread queries
 * the event table ahead (binary transfer, large batches) and two threads upcast and deserialise the batches
 * through Axon's serializer and upcasters, handed out in the ledger's order. Tracking tokens are built as Axon's JDBC engine builds
 * them, gaps included, so the event store's reader can take over from any of them.
 */
final class BulkLedgerReader implements AutoCloseable {
    /** Axon's JDBC engine's default: gaps further behind than this are dropped from tokens. */
    private static final int MAX_GAP_OFFSET = 10_000;
    private static final Object END = new Object();

    private final Serializer serializer;
    private final EventUpcaster upcasters;
    private final ObjectMapper mapper;
    private final Map<SerializedType, ObjectReader> readers;
    private final ObjectReader metaDataReader;
    /** Whether the serializer's mapper reads metadata as the hash check does, so one parse serves both. */
    private final boolean metadataReadAlike;
    private final BlockingQueue<Object> fetched = new ArrayBlockingQueue<>(6);
    private final ExecutorService deserialisers = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "read-model-replay-deserialise");
        thread.setDaemon(true);
        return thread;
    });
    private final Thread fetcher;
    private volatile boolean closed;

    /**
     * @param upcast whether the application has upcasters: then every event goes through Axon's upcasting and
     *               deserialisation, otherwise Jackson reads the payloads directly
     */
    BulkLedgerReader(DataSource dataSource, Serializer serializer, EventUpcaster upcasters, boolean upcast,
                     GapAwareTrackingToken from, int batch) {
        this.serializer = serializer;
        this.upcasters = upcasters;
        if (!upcast && serializer instanceof Jackson3Serializer jackson) {
            this.mapper = jackson.getObjectMapper();
            this.readers = new ConcurrentHashMap<>();
            this.metaDataReader = mapper.readerFor(MetaData.class);
        } else {
            this.mapper = null;
            this.readers = null;
            this.metaDataReader = null;
        }
        this.metadataReadAlike = readsMetadataOnce(serializer, upcast);
        this.fetcher = new Thread(() -> fetch(dataSource, from, batch), "read-model-replay-fetch");
        fetcher.setDaemon(true);
        fetcher.start();
    }

    /** The next batch of events in the ledger's order, deserialised; null after the last. */
    List<TrackedEventMessage<?>> next() throws InterruptedException {
        Object batch = fetched.take();
        if (batch == END) {
            fetched.put(END);
            return null;
        }
        if (batch instanceof IllegalStateException refusal && refusal.getMessage() != null
                && refusal.getMessage().contains("fails verification")) throw refusal;
        if (batch instanceof Throwable failure) throw new IllegalStateException("reading the ledger failed", failure);
        @SuppressWarnings("unchecked")
        Future<List<TrackedEventMessage<?>>> events = (Future<List<TrackedEventMessage<?>>>) batch;
        try {
            return events.get();
        } catch (ExecutionException e) {
            // A refusal to adopt an event that fails verification says so itself.
            if (e.getCause() instanceof IllegalStateException refusal && refusal.getMessage() != null
                    && refusal.getMessage().contains("fails verification")) throw refusal;
            throw new IllegalStateException("deserialising the ledger failed", e.getCause());
        }
    }

    /**
     * JSON of every kind a metadata value can take (strings with escapes and other scripts, integers of each width,
     * decimals, exponents, booleans, null, an object, an array): a mapper that reads it exactly as the hash check does
     * (Axon's MetaData deserialiser reads an untyped map through the serializer's own mapper, whose settings are the
     * application's) reads any metadata so.
     */
    static final String METADATA_PROBE = """
            {"text":"Sở Nội vụ \\u0000\\n\\"q\\"","small":7,"negative":-12,"int":2147483647,"long":9223372036854775807,
             "huge":123456789012345678901234567890,"decimal":0.1,"exponent":-1.5e-300,"overflow":1e400,"yes":true,
             "no":false,"none":null,"object":{"b":1,"a":[1,"x",null]},"array":[2.5,{"k":"v"},[]],"empty":""}""";

    /**
     * Whether a reader with these settings reads each event's metadata once: it reads payloads directly (no upcasters,
     * Jackson) and the serializer's MetaData reader agrees with the hash check's reading.
     */
    static boolean readsMetadataOnce(Serializer serializer, boolean upcast) {
        return !upcast && serializer instanceof Jackson3Serializer jackson
                && readsMetadataAlike(jackson.getObjectMapper().readerFor(MetaData.class));
    }

    /** Whether the serializer's MetaData reader gives, for the probe, exactly the map the hash check reads. */
    static boolean readsMetadataAlike(ObjectReader metaDataReader) {
        try {
            byte[] probe = METADATA_PROBE.getBytes(StandardCharsets.UTF_8);
            Map<String, Object> axon = metaDataReader.readValue(probe);
            return StoredEvent.metadata(probe).equals(new HashMap<>(axon));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private List<TrackedEventMessage<?>> deserialise(List<TrackedDomainEventData<byte[]>> rows, List<byte[]> previous) {
        List<Map<String, Object>> metadata = verify(rows, previous);
        if (readers != null) return deserialiseDirectly(rows, metadataReadAlike ? metadata : null);
        List<TrackedEventMessage<?>> events = EventUtils.upcastAndDeserializeTrackedEvents(rows.stream(), serializer, upcasters)
                .toList();
        for (TrackedEventMessage<?> event : events) {
            event.getPayload();
            event.getTimestamp();
        }
        return events;
    }

    /**
     * A replay adopts only events that verify: each one's stored bytes must give the hash recorded with it, chained
     * to the hash recorded with its stream's previous event (the fetcher hands that over, having checked that the
     * stream has no hole). The first that fails stops the replay, named. Answers each event's metadata as read.
     */
    private static List<Map<String, Object>> verify(List<TrackedDomainEventData<byte[]>> rows, List<byte[]> previous) {
        List<Map<String, Object>> metadata = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            TrackedDomainEventData<byte[]> row = rows.get(i);
            StoredEvent stored = stored(row);
            metadata.add(stored.metadata());
            byte[] recorded = stored.recordedHash();
            // Recorded before hashing began (the fetcher allows that only then), or nothing to chain to.
            if (recorded == null || previous.get(i) == null) continue;
            if (!Arrays.equals(recorded, EventHashing.hash(stored, previous.get(i)))) {
                throw new IllegalStateException("the ledger fails verification at " + describe(row)
                        + ": its stored bytes do not give the hash recorded with it; the replay adopts nothing");
            }
        }
        return metadata;
    }

    private static StoredEvent stored(TrackedDomainEventData<byte[]> row) {
        return new StoredEvent(row.trackingToken().position().orElse(-1), row.getEventIdentifier(), row.getType(),
                row.getAggregateIdentifier(), row.getSequenceNumber(), row.getTimestamp().toEpochMilli(),
                row.getPayload().getType().getName(), row.getPayload().getType().getRevision(), row.getPayload().getData(),
                StoredEvent.metadata(row.getMetaData() == null ? null : row.getMetaData().getData()));
    }

    private static String describe(TrackedDomainEventData<byte[]> row) {
        return "event " + row.getEventIdentifier() + " (" + row.getAggregateIdentifier() + " #" + row.getSequenceNumber()
                + ", position " + row.trackingToken().position().orElse(-1) + ")";
    }

    /**
     * The signed checkpoints' tree sizes and roots: a replay from the first event rebuilds the tree over the event
     * hashes and refuses a ledger whose history no longer has a signed root (events removed, reordered, or a whole
     * stream rewritten with hashes recomputed).
     */
    private final List<LedgerCheckpointSigned> checkpoints = new ArrayList<>();
    private final MerkleTree.Frontier frontier = new MerkleTree.Frontier();
    private boolean checkRoots;
    private int nextCheckpoint;

    private void loadCheckpoints(Connection connection, GapAwareTrackingToken from) throws SQLException {
        checkRoots = from == null;
        if (!checkRoots) return;
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT payload FROM domainevententry WHERE aggregateidentifier = 'ledger-checkpoints' ORDER BY sequencenumber");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) checkpoints.add(CHECKPOINT_READER.readValue(rs.getBytes(1), LedgerCheckpointSigned.class));
        }
    }

    private static final JsonMapper CHECKPOINT_READER = JsonMapper.builder().build();
    private Connection connection;

    /** The hash recorded with the event before this one in its stream; null (nothing to chain to) for one recorded before hashing. */
    private byte[] recordedPredecessor(TrackedDomainEventData<byte[]> row) {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT metadata FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = ?")) {
            statement.setString(1, row.getAggregateIdentifier());
            statement.setLong(2, row.getSequenceNumber() - 1);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("the ledger fails verification at " + describe(row)
                            + ": the event before it in its stream is missing; the replay adopts nothing");
                }
                return recordedHash(rs.getBytes(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void addToTree(TrackedDomainEventData<byte[]> row, byte[] entry) {
        if (!checkRoots) return;
        frontier.append(entry);
        while (nextCheckpoint < checkpoints.size() && checkpoints.get(nextCheckpoint).treeSize() == frontier.size()) {
            LedgerCheckpointSigned checkpoint = checkpoints.get(nextCheckpoint++);
            long position = row.trackingToken().position().orElse(-1);
            if (!Hashes.hex(frontier.root()).equals(checkpoint.rootHash()) || position != checkpoint.position()) {
                throw new IllegalStateException("the ledger fails verification at " + describe(row) + ": its first "
                        + checkpoint.treeSize() + " events no longer have the root signed in checkpoint #" + checkpoint.number()
                        + " (events removed, reordered or rewritten); the replay adopts nothing");
            }
        }
    }

    /** Each stream's last sequence and recorded hash, for the chain check of the next event; and whether hashing began. */
    private final Map<String, Object[]> chainEnds = new HashMap<>();
    private boolean chainStarted;

    /** The previous hash the row chains to (checked against its sequence), or a refusal naming the row. */
    private byte[] link(TrackedDomainEventData<byte[]> row, byte[] recorded) {
        String stream = row.getAggregateIdentifier();
        Object[] end = chainEnds.get(stream);
        byte[] previous;
        if (end != null) {
            if (row.getSequenceNumber() != (long) end[0] + 1) {
                throw new IllegalStateException("the ledger fails verification at " + describe(row) + ": it follows #"
                        + end[0] + " of its stream, events are missing; the replay adopts nothing");
            }
            previous = (byte[]) end[1];
        } else if (row.getSequenceNumber() == 0) {
            previous = EventHashing.NO_PREVIOUS;
        } else if (checkRoots) {
            throw new IllegalStateException("the ledger fails verification at " + describe(row)
                    + ": its stream's earlier events are missing; the replay adopts nothing");
        } else {
            // A resumed replay meets streams that began before its checkpoint: it chains to the recorded predecessor.
            previous = recordedPredecessor(row);
        }
        if (recorded == null && chainStarted) {
            throw new IllegalStateException("the ledger fails verification at " + describe(row)
                    + ": it has no hash, though the ledger's events before it have; the replay adopts nothing");
        }
        if (recorded != null) chainStarted = true;
        byte[] entry = recorded != null ? recorded : legacyHash(row, previous);
        chainEnds.put(stream, new Object[]{row.getSequenceNumber(), entry});
        addToTree(row, entry);
        return previous;
    }

    /** An event recorded before hashing began chains by its computed hash, as the append path computes it. */
    private static byte[] legacyHash(TrackedDomainEventData<byte[]> row, byte[] previous) {
        return EventHashing.hash(stored(row), previous);
    }

    /** The hash recorded in stored metadata, found without parsing it (the fetch thread reads millions). */
    static byte[] recordedHash(byte[] metadata) {
        if (metadata == null) return null;
        String text = new String(metadata, StandardCharsets.UTF_8);
        int at = text.indexOf(HASH_FIELD);
        if (at < 0) return null;
        int start = at + HASH_FIELD.length();
        return Hashes.fromHex(text.substring(start, start + 2 * Hashes.LENGTH));
    }

    private static final String HASH_FIELD = "\"" + EventHashing.HASH_KEY + "\":\"";

    /**
     * A stored event whose timestamp is read once. Axon's GenericDomainEventEntry parses its text at every
     * getTimestamp() through ISO_OFFSET_DATE_TIME; a replay asks twice per event (hash check, message), and the parsing
     * was 29 % of the deserialising threads, the busiest of the replay (docs/measurements.md, seventh session).
     */
    private record TimedEntry(String getType, String getAggregateIdentifier, long getSequenceNumber,
                              String getEventIdentifier, Instant getTimestamp, String payloadType, String payloadRevision,
                              byte[] payload, byte[] metaData) implements DomainEventData<byte[]> {
        TimedEntry(String type, String aggregateIdentifier, long sequenceNumber, String eventIdentifier, String timestamp,
                   String payloadType, String payloadRevision, byte[] payload, byte[] metaData) {
            this(type, aggregateIdentifier, sequenceNumber, eventIdentifier, instant(timestamp), payloadType,
                    payloadRevision, payload, metaData);
        }

        /** As Axon's entry gives them. */
        @Override
        public SerializedObject<byte[]> getMetaData() {
            return new SerializedMetaData<>(metaData, byte[].class);
        }

        @Override
        public SerializedObject<byte[]> getPayload() {
            return new SimpleSerializedObject<>(payload, byte[].class,
                    new SimpleSerializedType(payloadType, payloadRevision));
        }
    }

    /**
     * The instant of a stored timestamp. What Axon writes ("2026-12-02T21:10:55.123Z", always three digits of the second)
     * is read digit by digit; anything else (another offset, more digits, a malformed text) goes to Axon's own parser,
     * which gives the same instant or the same refusal.
     */
    static Instant instant(String text) {
        if (text.length() == 24 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(19) == '.' && text.charAt(23) == 'Z') {
            int year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
            int hour = digits(text, 11, 2), minute = digits(text, 14, 2), second = digits(text, 17, 2);
            int millis = digits(text, 20, 3);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= java.time.YearMonth.of(year, month).lengthOfMonth()
                    && hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 60 && millis >= 0) {
                long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
                return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, millis * 1_000_000L);
            }
        }
        return org.axonframework.common.DateTimeUtils.parseInstant(text);
    }

    /** The number written by {@code length} ASCII digits from {@code from}, or -1 if one is not a digit. */
    private static int digits(String text, int from, int length) {
        int value = 0;
        for (int i = from; i < from + length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') return -1;
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /**
     * With no upcasters and Jackson, what Axon's deserialisation comes down to: the serializer's own mapper
     * reading each payload's type, with the type and its reader looked up once per type rather than per event.
     */
    private List<TrackedEventMessage<?>> deserialiseDirectly(List<TrackedDomainEventData<byte[]>> rows,
                                                             List<Map<String, Object>> verified) {
        List<TrackedEventMessage<?>> events = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            TrackedDomainEventData<byte[]> row = rows.get(i);
            SerializedObject<byte[]> payload = row.getPayload();
            SerializedObject<byte[]> metaData = row.getMetaData();
            try {
                Object value = readers.computeIfAbsent(payload.getType(), this::readerFor).readValue(payload.getData());
                // The verification's reading when it is the same as Axon's (a second parse was 8 % of these threads).
                MetaData meta = metaData == null || metaData.getData() == null ? MetaData.emptyInstance()
                        : verified != null ? MetaData.from(verified.get(i)) : metaDataReader.readValue(metaData.getData());
                Instant timestamp = row.getTimestamp();
                events.add(new GenericTrackedDomainEventMessage<>(row.trackingToken(), row.getType(),
                        row.getAggregateIdentifier(), row.getSequenceNumber(),
                        new GenericMessage<>(row.getEventIdentifier(), value, meta), () -> timestamp));
            } catch (JacksonException e) {
                throw new IllegalStateException("cannot read event " + row.getEventIdentifier(), e);
            }
        }
        return events;
    }

    private ObjectReader readerFor(SerializedType type) {
        Class<?> payloadType = serializer.classForType(type);
        if (payloadType == UnknownSerializedType.class) {
            throw new IllegalStateException("the ledger holds events of a type this application does not know: " + type);
        }
        return mapper.readerFor(payloadType);
    }

    private void fetch(DataSource dataSource, GapAwareTrackingToken from, int batch) {
        GapAwareTrackingToken token = from;
        try (Connection connection = dataSource.getConnection()) {
            this.connection = connection;
            loadCheckpoints(connection, from);
            boolean first = true;
            while (!closed) {
                List<TrackedDomainEventData<byte[]>> rows = new ArrayList<>(batch);
                List<byte[]> previous = new ArrayList<>(batch);
                // The first query also picks up events that have appeared in the starting token's gaps.
                String where = first && token != null && !token.getGaps().isEmpty()
                        ? "globalindex > ? OR globalindex = ANY(?)" : "globalindex > ?";
                try (PreparedStatement statement = connection.prepareStatement("""
                        SELECT globalindex, type, aggregateidentifier, sequencenumber, eventidentifier, timestamp,
                               payloadtype, payloadrevision, payload, metadata
                        FROM domainevententry WHERE %s ORDER BY globalindex LIMIT ?""".formatted(where))) {
                    statement.unwrap(PGStatement.class).setPrepareThreshold(-1);
                    int i = 1;
                    statement.setLong(i++, token == null ? -1 : token.getIndex());
                    if (where.contains("ANY")) statement.setArray(i++, connection.createArrayOf("int8", token.getGaps().toArray()));
                    statement.setInt(i, batch);
                    try (ResultSet rs = statement.executeQuery()) {
                        while (rs.next()) {
                            long index = rs.getLong(1);
                            token = token == null
                                    ? GapAwareTrackingToken.newInstance(index, LongStream.range(Math.min(1, index), index)
                                    .boxed().toList())
                                    : token.advanceTo(index, MAX_GAP_OFFSET);
                            TrackedDomainEventData<byte[]> row = new TrackedDomainEventData<>(token, new TimedEntry(
                                    rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6),
                                    rs.getString(7), rs.getString(8), rs.getBytes(9), rs.getBytes(10)));
                            previous.add(link(row, recordedHash(row.getMetaData().getData())));
                            rows.add(row);
                        }
                    }
                }
                first = false;
                if (rows.isEmpty()) break;
                fetched.put(deserialisers.submit(() -> deserialise(rows, previous)));
            }
            fetched.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            fetched.clear();
            fetched.offer(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        fetcher.interrupt();
        fetched.clear();
        fetcher.join();
        deserialisers.shutdownNow();
    }
}
