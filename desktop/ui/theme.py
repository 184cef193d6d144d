"""Large, calm, high-contrast styling: carers use this at 3 a.m. under stress."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from desktop.ui.widgets import guard_wheel

BASE_POINT_SIZE = 12

STYLESHEET = """
QWidget { color: #1a1a1a; }
QPushButton, QToolButton { min-height: 34px; padding: 4px 14px; }
QPushButton:focus, QToolButton:focus, QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus,
QDateEdit:focus, QTimeEdit:focus, QSpinBox:focus, QDoubleSpinBox:focus, QCheckBox:focus,
QTableView:focus, QListView:focus, QListWidget:focus, QTableWidget:focus, QRadioButton:focus {
    outline: 3px solid #ffbf47; border: 3px solid #ffbf47;
}
QPushButton#primary { background: #00703c; color: white; font-weight: bold; border-radius: 4px; }
QPushButton#police { background: #b00020; color: white; font-weight: bold; font-size: 15pt;
                     min-height: 48px; border-radius: 4px; }
QPushButton#primary:disabled, QPushButton#police:disabled { background: #d5d8da; color: #505a5f; }
QLabel[role="help"] { color: #505a5f; }
QLabel[role="error"] { color: #b00020; font-weight: bold; }
QLabel[role="police"] { color: #b00020; }
QLabel[role="title"] { font-size: 16pt; font-weight: bold; }
QLabel[role="headline"] { font-size: 16pt; font-weight: bold; color: #1a1a1a; }
QLabel[role="headline-overdue"] { font-size: 16pt; font-weight: bold; color: #b00020; }
QPushButton#quick { min-height: 24px; padding: 1px 8px; }
QLabel[role="prompt"] { font-weight: bold; }
QLabel[role="prompt-overdue"] { font-weight: bold; color: #b00020; }
QGroupBox { font-weight: bold; margin-top: 14px; }
QGroupBox::title { subcontrol-origin: margin; left: 6px; }
"""

UK_DATE = "dd/MM/yyyy"
UK_DATETIME = "dd/MM/yyyy HH:mm"


def apply_theme(app: QApplication) -> None:
    """Set the base font size and the style sheet, and keep the wheel off unfocused fields."""
    font = QFont(app.font())
    font.setPointSize(BASE_POINT_SIZE)
    app.setFont(font)
    app.setStyleSheet(STYLESHEET)
    guard_wheel(app)
