package dev.sluice.tui.screen;

/**
 * A window showing a list with one focused item, scrolled so the focus stays visible. Only the
 * visible items are drawn, so drawing costs the same for ten items or a hundred thousand.
 */
public abstract class ListWindow implements Window {

    private int top;
    private int pageItems = 1;

    protected abstract int count();

    protected abstract int focus();

    protected abstract void setFocus(int index);

    /** Rows one item takes. */
    protected int itemHeight() {
        return 1;
    }

    protected abstract void drawItem(Canvas canvas, int index, int row, boolean focused);

    @Override
    public void draw(Canvas canvas) {
        int h = itemHeight();
        pageItems = Math.max(1, canvas.height() / h);
        int n = count();
        int focus = focus();
        if (focus < top) top = focus;
        if (focus >= top + pageItems) top = focus - pageItems + 1;
        top = Math.max(0, Math.min(top, Math.max(0, n - pageItems)));
        for (int i = 0; i < pageItems && top + i < n; i++) {
            drawItem(canvas, top + i, i * h, top + i == focus);
        }
    }

    @Override
    public void navigate(Nav nav) {
        int n = count();
        if (n == 0) return;
        int f = focus();
        int target = switch (nav) {
            case UP -> f - 1;
            case DOWN -> f + 1;
            case PAGE_UP -> f - pageItems;
            case PAGE_DOWN -> f + pageItems;
            case START -> 0;
            case END -> n - 1;
            default -> f;
        };
        setFocus(Math.max(0, Math.min(target, n - 1)));
    }

    @Override
    public void click(int col, int row, boolean doubleClick) {
        int index = top + row / itemHeight();
        if (index < 0 || index >= count()) return;
        setFocus(index);
        if (doubleClick) select();
    }

    /** The first visible item at the last draw. */
    protected int top() {
        return top;
    }
}
