package io.github.ufskit.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Puts the score that the UFS paper (Kim and Lee, "Unrealistic Feature Suppression for
 * Generative Adversarial Networks") reports for each method beside the kit's score, so a
 * notebook shows both in one table.
 *
 * <p>The result has the columns {@value PaperResults#METHOD}, {@code "Paper: <column>"} and
 * {@code "Ours: <label>"}. The label names how the kit measured its score, such as {@code "FID
 * (Fashion-MNIST classifier features)"}, so nobody mistakes a score on other features or data
 * for the paper's Inception score. Methods match when they are equal ignoring case and runs of
 * white space. Rows follow the paper's order, and methods only the kit ran come last with a
 * missing paper score.
 */
public final class Comparison {

    /** Prefix of the column with the paper's scores. */
    public static final String PAPER_PREFIX = "Paper: ";

    /** Prefix of the column with the kit's scores. */
    public static final String OURS_PREFIX = "Ours: ";

    private Comparison() {}

    /**
     * Joins a paper table with the kit's scores given as a map.
     *
     * @param paper a table of {@link PaperResults}, or any table with a {@value
     *     PaperResults#METHOD} column
     * @param paperColumn the paper's score column, such as {@value PaperResults#FID}
     * @param ours the kit's score by method name, in the order to show methods the paper lacks
     * @param oursLabel what the kit's score is, such as {@code "FID (Fashion-MNIST classifier
     *     features)"}; it must differ from {@code paperColumn}
     * @return the joined table, named after the paper table
     * @throws IllegalArgumentException if a column is missing or not numeric, a method repeats,
     *     or {@code oursLabel} is blank or equal to {@code paperColumn}
     */
    public static Table of(
            Table paper, String paperColumn, Map<String, Double> ours, String oursLabel) {
        Objects.requireNonNull(ours, "ours is null; pass a map from method name to score");
        checkLabel(paperColumn, oursLabel);
        Map<String, Double> oursByKey = new LinkedHashMap<>();
        Map<String, String> oursNames = new LinkedHashMap<>();
        for (Map.Entry<String, Double> entry : ours.entrySet()) {
            String method = Objects.requireNonNull(entry.getKey(), "a method name is null");
            String key = matchKey(method);
            if (oursNames.put(key, method) != null) {
                throw new IllegalArgumentException(
                        "Method '" + method + "' appears twice among our scores (names are"
                                + " compared ignoring case and spaces); keep one score per method");
            }
            Double score = entry.getValue();
            oursByKey.put(key, score == null ? Double.NaN : score);
        }
        return join(paper, paperColumn, oursByKey, oursNames, oursLabel);
    }

    /**
     * Joins a paper table with the kit's scores given as a table.
     *
     * @param paper a table of {@link PaperResults}, or any table with a {@value
     *     PaperResults#METHOD} column
     * @param paperColumn the paper's score column, such as {@value PaperResults#FID}
     * @param ours the kit's results with a {@value PaperResults#METHOD} column
     * @param oursColumn the numeric column of {@code ours} to show
     * @param oursLabel what the kit's score is, such as {@code "FID (Fashion-MNIST classifier
     *     features)"}; it must differ from {@code paperColumn}
     * @return the joined table, named after the paper table
     * @throws IllegalArgumentException if a column is missing or not numeric, a method repeats,
     *     or {@code oursLabel} is blank or equal to {@code paperColumn}
     */
    public static Table of(
            Table paper, String paperColumn, Table ours, String oursColumn, String oursLabel) {
        Objects.requireNonNull(ours, "ours is null; pass the table of our results");
        StringColumn methods = methodColumn(ours, "our results");
        NumericColumn<?> scores = numericColumn(ours, oursColumn, "our results");
        Map<String, Double> oursByMethod = new LinkedHashMap<>();
        for (int row = 0; row < ours.rowCount(); row++) {
            String method = methods.get(row);
            if (oursByMethod.containsKey(method)) {
                throw new IllegalArgumentException(
                        "Method '" + method + "' appears twice in our results; keep one row per"
                                + " method");
            }
            oursByMethod.put(method, scores.getDouble(row));
        }
        return of(paper, paperColumn, oursByMethod, oursLabel);
    }

    private static Table join(
            Table paper,
            String paperColumn,
            Map<String, Double> oursByKey,
            Map<String, String> oursNames,
            String oursLabel) {
        Objects.requireNonNull(paper, "paper is null; pass a table of PaperResults");
        StringColumn paperMethods = methodColumn(paper, "the paper table");
        NumericColumn<?> paperScores = numericColumn(paper, paperColumn, "the paper table");

        List<String> methods = new ArrayList<>();
        List<Double> paperValues = new ArrayList<>();
        List<Double> oursValues = new ArrayList<>();
        Map<String, String> unmatched = new LinkedHashMap<>(oursNames);
        for (int row = 0; row < paper.rowCount(); row++) {
            String key = matchKey(paperMethods.get(row));
            methods.add(paperMethods.get(row));
            paperValues.add(paperScores.getDouble(row));
            oursValues.add(oursByKey.getOrDefault(key, Double.NaN));
            unmatched.remove(key);
        }
        for (Map.Entry<String, String> entry : unmatched.entrySet()) {
            methods.add(entry.getValue());
            paperValues.add(Double.NaN);
            oursValues.add(oursByKey.get(entry.getKey()));
        }

        return Table.create(
                paper.name(),
                StringColumn.create(PaperResults.METHOD, methods),
                DoubleColumn.create(PAPER_PREFIX + paperColumn, paperValues),
                DoubleColumn.create(OURS_PREFIX + oursLabel, oursValues));
    }

    private static void checkLabel(String paperColumn, String oursLabel) {
        Objects.requireNonNull(paperColumn, "paperColumn is null; name a score column, like FID");
        Objects.requireNonNull(oursLabel, "oursLabel is null; say what our score measures");
        if (oursLabel.isBlank()) {
            throw new IllegalArgumentException(
                    "oursLabel is blank; say what our score measures, such as"
                            + " \"FID (Fashion-MNIST classifier features)\"");
        }
        if (matchKey(oursLabel).equals(matchKey(paperColumn))) {
            throw new IllegalArgumentException(
                    "oursLabel '" + oursLabel + "' equals the paper column '" + paperColumn
                            + "', so readers would take our score for the paper's; name the"
                            + " features and data, such as \"FID (Fashion-MNIST classifier"
                            + " features)\"");
        }
    }

    private static StringColumn methodColumn(Table table, String role) {
        String method = PaperResults.METHOD;
        if (!table.containsColumn(method) || !(table.column(method) instanceof StringColumn)) {
            throw new IllegalArgumentException(
                    "The table of " + role + " needs a text column '" + method
                            + "' but has columns " + table.columnNames());
        }
        return table.stringColumn(method);
    }

    private static NumericColumn<?> numericColumn(Table table, String name, String role) {
        Objects.requireNonNull(name, "column name is null; name a score column of " + role);
        if (!table.containsColumn(name)) {
            throw new IllegalArgumentException(
                    "The table of " + role + " has no column '" + name + "'; its columns are "
                            + table.columnNames());
        }
        Column<?> column = table.column(name);
        if (!(column instanceof NumericColumn<?> numbers)) {
            throw new IllegalArgumentException(
                    "Column '" + name + "' of " + role + " is " + column.type()
                            + " but must be numeric");
        }
        return numbers;
    }

    /** Normalizes a method name for matching: lower case, one space between words. */
    private static String matchKey(String method) {
        return method.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
